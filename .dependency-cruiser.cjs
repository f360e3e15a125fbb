/**
 * The layer rule, checked by `npm run lint`:
 *
 *   A folder of src/ imports only folders listed before it here, and nothing imports in a circle.
 *
 * kernel (pure helpers: config, errors, clock, JSX, forms, hashing, HTTP headers, XML) → db → settings
 * → runtime (what a serving process is built from: deps, page cache, invalidation, metrics) → content
 * (the newsroom's domain: articles, sections, tags, authors, queries) → views (the page shell and
 * themes) → mail → media → comments → site → api → newsroom → importers → server and cli (wiring
 * only). Where a lower feature needs a higher one (the comment form re-rendering its article), the
 * lower one declares a function type and server/ passes the implementation in.
 */
const LAYERS = ['kernel', 'db', 'settings', 'runtime', 'content', 'views', 'mail', 'media', 'comments', 'site', 'api', 'newsroom', 'importers', 'server', 'cli'];

const upward = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `src/${layer}/ may import only ${LAYERS.slice(0, i).join(', ') || 'nothing else in src/'}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|') || '$^'})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'No import cycles, between files or folders (type-only imports count too).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'known-layer',
      comment: 'Every folder of src/ is a layer of the list above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: `^src/(${LAYERS.join('|')})/` },
    },
    {
      name: 'src-not-tests',
      comment: 'Code under src/ never imports the tests, benchmarks or scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
