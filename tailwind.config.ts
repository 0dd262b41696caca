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
        ok: token("ok"),
      },
      fontFamily: {
        sans: ["system-ui", "Segoe UI", "Tahoma", "Noto Sans Arabic", "Vazirmatn", "sans-serif"],
      },
    },
  },
  plugins: [],
} satisfies Config;
