/**
 * The layers' arrows, checked by `npm run check:cycles` (part of `npm test`): no import cycles, and
 * nothing imports upwards. From the bottom: domain (pure rules) → infra (adapters) and workflows
 * (state and time) → services (one door per case type) → activities, api and web (the pages) → worker → app (the
 * composition root, which mounts the API and the pages side by side) and scripts.
 */
const TOOLS = ['bench', 'chaos', 'fuzz', 'match-eval'];
const TOP = ['scripts', 'test'];
// A layer's folder: product rooms under src/, measuring tools under tools/.
const folder = (layer) => (TOOLS.includes(layer) ? `tools/${layer}` : TOP.includes(layer) ? layer : `src/${layer}`);
const above = (...layers) => `^(${layers.map(folder).join('|')})/`;
const definitionsOnly = '^src/workflows/(definitions|search-attributes)\\.ts$';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      comment: 'src/domain/ imports nothing of ours but src/domain/',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: above('infra', 'workflows', 'services', 'activities', 'api', 'worker', 'app', 'scripts', 'bench', 'test'),
      },
    },
    {
      name: 'infra-is-an-adapter',
      comment: 'src/infra/ imports only src/domain/ of ours',
      severity: 'error',
      from: { path: '^src/infra/' },
      to: { path: above('workflows', 'services', 'activities', 'api', 'worker', 'app', 'scripts', 'bench', 'test') },
    },
    {
      name: 'workflows-below-services',
      severity: 'error',
      from: { path: '^src/workflows/' },
      to: { path: above('infra', 'services', 'api', 'worker', 'app', 'scripts', 'bench', 'test') },
    },
    {
      name: 'workflows-import-activities-as-types-only',
      comment: 'a workflow names its activities by type; their code never enters the bundle',
      severity: 'error',
      from: { path: '^src/workflows/' },
      to: { path: '^src/activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-below-api',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: above('activities', 'api', 'worker', 'app', 'scripts', 'bench', 'test') },
    },
    {
      name: 'services-use-workflow-definitions-only',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/workflows/', pathNot: definitionsOnly },
    },
    {
      name: 'activities-below-api',
      severity: 'error',
      from: { path: '^src/activities/' },
      to: { path: above('api', 'worker', 'app', 'scripts', 'bench', 'test') },
    },
    {
      name: 'activities-never-import-workflow-code',
      severity: 'error',
      from: { path: '^src/activities/' },
      to: { path: '^src/workflows/', pathNot: definitionsOnly },
    },
    {
      name: 'api-never-imports-workflow-code',
      severity: 'error',
      from: { path: '^src/api/' },
      to: {
        path: above('workflows', 'activities', 'worker', 'app', 'scripts', 'bench', 'test'),
        pathNot: definitionsOnly,
      },
    },
    {
      name: 'product-never-imports-tools-or-tests',
      comment: 'src/ is Release Guard; tools/ measures it and test/ tests it, never the other way',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tools|test)/' },
    },
    {
      name: 'api-never-imports-web',
      comment: 'the API and the pages are side by side: src/app/ mounts both (src/app/http-app.ts)',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'web-never-imports-the-api-app',
      comment: "the pages use the API's auth, problems and routing, never the app that composes them",
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/api/app\\.ts$' },
    },
    {
      name: 'web-never-imports-workflow-code',
      comment: 'the pages call the same services as the API, never workflows or activities',
      severity: 'error',
      from: { path: '^src/web/' },
      to: {
        path: above('workflows', 'activities', 'worker', 'app', 'scripts', 'bench', 'test'),
        pathNot: definitionsOnly,
      },
    },
    {
      name: 'worker-below-app',
      severity: 'error',
      from: { path: '^src/worker/' },
      to: { path: above('api', 'app', 'scripts', 'bench', 'test') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
