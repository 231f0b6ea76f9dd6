// ESLint for the engine's browser scripts: eslint:recommended, in the browser, as classic scripts
// (learner.js and learner-pages.js are loaded by <script src>, not as modules; no build step).
// Usage, from the repository's root: node tools/eslint/node_modules/eslint/bin/eslint.js
//   --config tools/eslint/eslint.config.js generator/assets/
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: globals.browser,
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    // The site's service worker runs in a worker's scope, not a page's.
    files: ["**/service-worker*.js"],
    languageOptions: { globals: globals.serviceworker },
  },
];
