// What `vscode` is outside src/extension and the extension-host tests: tsconfig.json maps the module
// here, so that using it from another layer is a type error (only the extension host provides it;
// eslint.config.mjs reports the import itself).
export {};
