/**
 * The web dashboard's build (`make web`): web/ → dist/web/, served by `tradepulse serve` at `/`.
 * Preact through its Vite preset (JSX to `h` calls, `react` aliased to `preact/compat` should a
 * library ask for it). Hashed file names under assets/ let the server cache them for a year.
 * Nothing is inlined: the server's Content-Security-Policy allows no inline script or style.
 */
import preact from '@preact/preset-vite'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  publicDir: 'public',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: true,
    // A module preload polyfill would be an extra script; every browser the dashboard supports has it.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 600,
  },
})
