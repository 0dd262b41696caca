// `npm run build`, second step: compiles the HTTP server (app/server.ts) to build/server.js,
// next to the Remix build it serves (ADR 011). Dependencies stay imports from node_modules.
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

export default defineConfig({
  plugins: [tsconfigPaths()],
  publicDir: false,
  logLevel: "warn",
  build: {
    ssr: "app/server.ts",
    outDir: remixConfig.buildDirectory,
    // The Remix build lives in the same directory.
    emptyOutDir: false,
    target: "node20",
    rollupOptions: {
      output: { entryFileNames: "server.js" },
      // No bare `import "parse5"` for a package only an unused helper needed.
      treeshake: { moduleSideEffects: "no-external" },
    },
  },
});
