import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  plugins: [remix(remixConfig), tsconfigPaths()],
  build: {
    rollupOptions: {
      onwarn(warning, warn) {
        // A resource route (only a loader or an action: logout, preferences, vote, subscription,
        // similar posts, the RSS feed) has no code for the browser, yet Remix's manifest points
        // at a browser module for every route and the router imports it when a form or fetcher
        // posts there. So the empty chunk is wanted, and Remix v2 has no way to mark such a
        // route (remix-run/remix#9055): its warning says nothing we could act on.
        if (warning.code === "EMPTY_BUNDLE") return;
        warn(warning);
      },
    },
  },
});
