import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { precompress } from './build/precompress';

// The API server's default port; `pnpm --filter server dev` listens here.
const apiServer = 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [vue(), precompress()],
  server: {
    proxy: {
      // changeOrigin stays off: the server sees the page's own Host, which the session cookie's
      // same-origin check (HTTP and the websocket upgrade) compares the Origin with.
      '/graphql': { target: apiServer, ws: true },
      '/readyz': apiServer,
      '/healthz': apiServer,
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
