#!/usr/bin/env node
// The `iren` command. TypeScript sources run through tsx's loader, so there is no build step for the server.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
const code = await runCli(process.argv);
if (code !== 0) process.exitCode = code;
