import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Run from the repository root: `vite build --config web/vite.config.ts` (outputs web/dist, which the server serves).
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
});
