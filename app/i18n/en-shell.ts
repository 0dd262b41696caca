// The English strings of the page shell and the error page, part of en.ts. The browser gets
// its catalogue as a script the root loader names; these few are bundled with root.tsx for
// the one case the root loader failed and named none, so even that error page has words.
export const enShell = {
  "nav.skip": "Skip to content",
  "error.heading": "Sorry",
  "error.notFound": "We could not find that page.",
  "error.forbidden": "You are not allowed to do that.",
  "error.rateLimited": "You are doing that too often. Please wait a little and try again.",
  "error.generic": "Something went wrong. Please try again.",
  "error.home": "Go to the ideas",
} satisfies Record<string, string>;
