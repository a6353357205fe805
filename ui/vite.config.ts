import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Tauri loads the built files from disk (custom protocol), so paths must be relative-safe and
// nothing may be inlined as a script: the CSP is `script-src 'self'`.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // The dev server may serve the printout's fonts from ../assets (src/fonts.css) besides ui/.
  server: { port: 5173, strictPort: true, host: '127.0.0.1', fs: { allow: ['.', '../assets'] } },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Never inline assets as data: URLs into scripts or styles; fonts/images stay files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
