import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Context } from './context.js';

/** Resolvers of one object type's fields, called by graphql-js itself. */
export interface DirectResolvers {
  typeName: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each field knows its own source and arguments
  fields: Record<string, GraphQLFieldResolver<any, Context, any>>;
}

/**
 * type-graphql passes a field resolver's arguments through its validator, which is async even with
 * validation off: one promise (and its microtasks) per row for a field with an argument, 40 % of a
 * 1,000-organization page. The fields listed here keep their type-graphql declaration (type,
 * arguments, description) and are resolved by the function given, which makes its own checks.
 */
export function resolveDirectly(schema: GraphQLSchema, resolvers: DirectResolvers[]): GraphQLSchema {
  for (const { typeName, fields } of resolvers) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`resolveDirectly: no object type ${typeName}`);
    for (const [name, resolve] of Object.entries(fields)) {
      const field = type.getFields()[name];
      if (!field) throw new Error(`resolveDirectly: ${typeName} has no field ${name}`);
      field.resolve = resolve;
    }
  }
  return schema;
}
