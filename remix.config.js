// The Remix options live here; vite.config.ts imports them so there is one place to read.
/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  appDirectory: "app",
  // The tests build into their own directory (BUILD_DIR=build-test), never over the one
  // `npm start` serves from the same folder.
  buildDirectory: process.env.BUILD_DIR ?? "build",
  serverModuleFormat: "esm",
  ignoredRouteFiles: ["**/*.test.*", "**/.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: false,
  },
};
