#!/usr/bin/env node
// The `iren` command. TypeScript sources run through tsx's loader, so there is no build step for the server.
import { register } from 'tsx/esm/api';

register();
// `iren model …` loads only the model commands (server/cli/model-main.ts): the others pull in the
// database and services, ~2 s before the first row is scored.
const entry = process.argv[2] === 'model' ? '../server/cli/model-main.ts' : '../server/cli/main.ts';
const { runCli } = await import(entry);
const code = await runCli(process.argv);
if (code !== 0) process.exitCode = code;
