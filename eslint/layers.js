import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The layers of src/ and what each may import: an allow-list, as VS Code's `code-import-patterns`
 * does it. Folders name the environment their code runs in; a file's folder decides its layer
 * (the first match wins), and a source file in no layer is itself an error, so a new folder must
 * be placed deliberately. DESIGN.md's table, as data.
 */
export const LAYERS = [
  {
    name: 'core',
    folder: 'src/main/core/',
    runsIn: 'plain Node (tests, browser mode, the Electron main process)',
    layers: ['core', 'shared'],
    nodeBuiltins: true,
    packages: ['better-sqlite3', '@github/keytar', 'undici', 'pg', 'zod'],
    // Bundled data: the runbook and command catalog, and the app's own version.
    data: ['resources/runbooks/', 'package.json'],
    // Files copied as text into every export (the standalone verifiers), imported with `?raw`.
    text: ['resources/verifier/'],
  },
  {
    name: 'main',
    folder: 'src/main/',
    runsIn: "Electron's main process (and browser mode's Node entry)",
    layers: ['main', 'core', 'shared'],
    nodeBuiltins: true,
    packages: ['electron'],
  },
  {
    name: 'preload',
    folder: 'src/preload/',
    runsIn: 'the sandboxed preload',
    layers: [],
    files: ['src/shared/contract.ts', 'src/shared/bridge.ts'],
    nodeBuiltins: false,
    packages: ['electron'],
  },
  {
    name: 'renderer',
    folder: 'src/renderer/',
    runsIn: 'the sandboxed web page',
    layers: ['renderer', 'shared'],
    nodeBuiltins: false,
    packages: ['react', 'react-dom', '@tanstack/react-virtual', 'zod'],
  },
  {
    name: 'shared',
    folder: 'src/shared/',
    runsIn: 'main, preload and renderer alike',
    layers: ['shared'],
    nodeBuiltins: false,
    packages: ['zod'],
  },
];

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** The layer a repository-relative path (forward slashes) belongs to, or undefined. */
export function layerOf(path) {
  return LAYERS.find((layer) => path.startsWith(layer.folder));
}

/** `react-dom/client` → `react-dom`; `@scope/name/x` → `@scope/name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function describeAllowed(layer) {
  const allowed = [
    ...(layer.nodeBuiltins ? ['Node built-ins'] : []),
    ...layer.packages,
    ...layer.layers.map((name) => LAYERS.find((other) => other.name === name).folder),
    ...(layer.files ?? []),
    ...(layer.data ?? []).map((prefix) => (prefix.endsWith('/') ? `${prefix}*.json` : prefix)),
    ...(layer.text ?? []).map((prefix) => `${prefix}* (?raw)`),
  ];
  return allowed.join(', ');
}

/** Why `specifier`, imported from `fromPath`, is not allowed; undefined when it is. */
export function importViolation(fromPath, specifier, cwd) {
  const layer = layerOf(fromPath);
  if (!layer) return undefined;
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const raw = specifier.endsWith('?raw');
    const target = relative(cwd, resolve(cwd, dirname(fromPath), raw ? specifier.slice(0, -'?raw'.length) : specifier))
      .split(sep)
      .join('/');
    const targetLayer = layerOf(target);
    if (layer.files?.some((file) => target === file || `${target}.ts` === file)) return undefined;
    if (raw && layer.text?.some((prefix) => target.startsWith(prefix))) return undefined;
    if (layer.data?.some((prefix) => target === prefix || (prefix.endsWith('/') && target.startsWith(prefix) && target.endsWith('.json')))) return undefined;
    if (targetLayer && layer.layers.includes(targetLayer.name)) return undefined;
    return `${layer.folder} (${layer.runsIn}) may not import ${target}${targetLayer ? ` (layer ${targetLayer.folder})` : ''}. It may import: ${describeAllowed(layer)}.`;
  }
  if (NODE_BUILTINS.has(specifier)) {
    return layer.nodeBuiltins
      ? undefined
      : `${layer.folder} (${layer.runsIn}) may not import the Node built-in "${specifier}". It may import: ${describeAllowed(layer)}.`;
  }
  const name = packageName(specifier);
  if (layer.packages.includes(name)) return undefined;
  return `${layer.folder} (${layer.runsIn}) may not import "${specifier}". It may import: ${describeAllowed(layer)}.`;
}

const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: "Each layer of src/ imports only what DESIGN.md's table allows; every source file belongs to a layer." },
    schema: [],
    messages: {
      forbidden: '{{why}}',
      noLayer: '{{path}} is in no layer. Put it under one of {{folders}}, or add its folder to eslint/layers.js deliberately.',
    },
  },
  create(context) {
    const cwd = context.cwd;
    const path = relative(cwd, context.filename).split(sep).join('/');
    if (!path.startsWith('src/')) return {};
    if (!layerOf(path)) {
      return {
        Program(node) {
          context.report({ node, messageId: 'noLayer', data: { path, folders: LAYERS.map((layer) => layer.folder).join(', ') } });
        },
      };
    }
    const check = (node, source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const why = importViolation(path, source.value, cwd);
      if (why) context.report({ node: source, messageId: 'forbidden', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};

export default { rules: { 'allowed-imports': allowedImports } };
