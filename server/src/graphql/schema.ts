import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuditResolver } from '../features/audit/audit.resolver.js';
import { AdminFieldsResolver } from '../features/auth/admin.resolver.js';
import { AuthResolver } from '../features/auth/auth.resolver.js';
import { AdminSignInFieldsResolver, PasswordSignInResolver } from '../features/auth/password-sign-in.resolver.js';
import { IntegrationResolver } from '../features/integration/integration.resolver.js';
import { JumpCloudConnectorResolver } from '../features/jumpcloud-connector/jumpcloud-connector.resolver.js';
import { MappingsResolver } from '../features/mappings/mappings.resolver.js';
import { organizationFieldsResolvedDirectly, OrganizationsResolver } from '../features/organizations/organizations.resolver.js';
import { SsoResolver } from '../features/sso/sso.resolver.js';
import { ApiTokenExpiryResolver, PeopleResolver } from '../features/people/people.resolver.js';
import { StatusResolver } from '../features/status/status.resolver.js';
import { SyncResolver } from '../features/sync/sync.resolver.js';
import { AlertEventsResolver, IncidentsResolver, TicketingSettingsResolver } from '../features/ticketing/ticketing.resolver.js';
import { authChecker, requireSignedInOnRootFields } from './auth-checker.js';
import { resolveDirectly } from './direct-resolvers.js';
import { createLocalPubSub, type AppPubSub } from './pubsub.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema.graphql', import.meta.url));

const resolvers = [AdminFieldsResolver, AuditResolver, AuthResolver, PasswordSignInResolver, AdminSignInFieldsResolver, IntegrationResolver, JumpCloudConnectorResolver, MappingsResolver, OrganizationsResolver, PeopleResolver, ApiTokenExpiryResolver, SsoResolver, StatusResolver, SyncResolver, TicketingSettingsResolver, AlertEventsResolver, IncidentsResolver] as const;

export async function buildAppSchema(pubSub: AppPubSub = createLocalPubSub().pubSub): Promise<GraphQLSchema> {
  const schema = await buildSchema({ pubSub, resolvers, authChecker, authMode: 'error', validate: false });
  return requireSignedInOnRootFields(resolveDirectly(schema, [organizationFieldsResolvedDirectly]));
}

/** What is committed as /schema.graphql: sorted, so the file changes only when the API does. */
export function printAppSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
