// Builds the web app into web/dist (served by the API server) and runs the dev server on :5173.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from '../scripts/precompress.mjs';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const api = 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react(), precompress()],
  // The web imports the server's API types and shared constants only through this entry point.
  resolve: { alias: { '@dossier/contract': path.resolve(webRoot, '../server/contract.ts') } },
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    // Mantine and the router make one sizeable vendor chunk; it is cached forever behind its hash.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Mantine and the icons each in one file, instead of a file per component and per icon: the first load
        // was 130 files, a third of them under 1 KB, each with its headers and a compression window of its own.
        codeSplitting: {
          groups: [
            { name: 'icons', test: /node_modules[\\/]@tabler[\\/]icons-react[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/](core|hooks)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': api, '/docs': api, '/healthz': api, '/readyz': api, '/metrics': api },
  },
  preview: { port: 5173 },
});
