import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuditResolver } from '../features/audit/audit.resolver.js';
import { AuthResolver } from '../features/auth/auth.resolver.js';
import { IntegrationResolver } from '../features/integration/integration.resolver.js';
import { MappingsResolver } from '../features/mappings/mappings.resolver.js';
import { OrganizationsResolver } from '../features/organizations/organizations.resolver.js';
import { StatusResolver } from '../features/status/status.resolver.js';
import { authChecker, requireSignedIn } from './auth-checker.js';
import { createAppPubSub, type AppPubSub } from './pubsub.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema.graphql', import.meta.url));

const resolvers = [AuditResolver, AuthResolver, IntegrationResolver, MappingsResolver, OrganizationsResolver, StatusResolver] as const;

export function buildAppSchema(pubSub: AppPubSub = createAppPubSub()): Promise<GraphQLSchema> {
  return buildSchema({
    pubSub,
    resolvers,
    authChecker,
    authMode: 'error',
    globalMiddlewares: [requireSignedIn],
    validate: false,
  });
}

/** What is committed as /schema.graphql: sorted, so the file changes only when the API does. */
export function printAppSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
