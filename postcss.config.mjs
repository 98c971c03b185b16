// Tailwind CSS v4 runs as a single PostCSS plugin; its configuration lives in app/globals.css.
export default {
  plugins: {
    "@tailwindcss/postcss": {},
  },
};
