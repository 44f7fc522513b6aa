// `npm run token -- --user NAME --role ROLE [--role ROLE2] [--caseload MDI,LEI]`: a development token.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/infra/config.ts';
import { loadDevIssuer } from '../src/infra/dev-issuer.ts';
import { TOKEN_ROLES as ROLES } from '../src/domain/actors.ts';

const config = loadConfig();
if (config.env === 'production') {
  console.error('npm run token is refused when NODE_ENV=production: get tokens from HMPPS Auth.');
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    user: { type: 'string' },
    role: { type: 'string', multiple: true },
    caseload: { type: 'string', default: '' },
    'expires-in': { type: 'string', default: '3600' },
  },
});
const roles = values.role ?? [];
if (!values.user || roles.length === 0 || roles.some((r) => !(ROLES as readonly string[]).includes(r))) {
  console.error(`usage: npm run token -- --user NAME --role ROLE [--caseload MDI,LEI]\nroles: ${ROLES.join(', ')}`);
  process.exit(2);
}
const issuer = await loadDevIssuer(
  `${config.dataDir}/dev-issuer`,
  `${config.http.publicBaseUrl}/dev/auth`,
  config.auth.caseloadClaim,
  config.auth.audience,
);
console.log(
  await issuer.sign({
    user: values.user,
    roles,
    caseload: values.caseload
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    expiresInSeconds: Number(values['expires-in']),
  }),
);
