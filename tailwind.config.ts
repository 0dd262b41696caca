import type { Config } from "tailwindcss";

// Colours are CSS variables (see app/tailwind.css) so that dark mode can follow
// prefers-color-scheme without JavaScript and still be overridden by the toggle.
const token = (name: string) => `rgb(var(--${name}) / <alpha-value>)`;

export default {
  content: ["./app/**/{**,.client,.server}/**/*.{js,jsx,ts,tsx}"],
  theme: {
    extend: {
      colors: {
        canvas: token("canvas"),
        surface: token("surface"),
        ink: token("ink"),
        muted: token("muted"),
        line: token("line"),
        accent: token("accent"),
        "accent-ink": token("accent-ink"),
        danger: token("danger"),
        "danger-ink": token("danger-ink"),
        ok: token("ok"),
        warn: token("warn"),
        // One token per status (app/tailwind.css): AA as text in both themes.
        "status-open": token("status-open"),
        "status-review": token("status-review"),
        "status-planned": token("status-planned"),
        "status-progress": token("status-progress"),
        "status-shipped": token("status-shipped"),
        "status-declined": token("status-declined"),
      },
      fontFamily: {
        sans: ["system-ui", "Segoe UI", "Tahoma", "Noto Sans Arabic", "Vazirmatn", "sans-serif"],
      },
    },
  },
  plugins: [],
} satisfies Config;
