import { registerEnumType } from 'type-graphql';

export enum Role {
  ADMIN = 'admin',
  BILLING = 'billing',
}

registerEnumType(Role, { name: 'Role', description: 'What an admin may do; BILLING is needed for every integration.' });

export function parseRoles(text: string): Role[] {
  const known = new Set<string>(Object.values(Role));
  const roles = text
    .split(',')
    .map((role) => role.trim().toLowerCase())
    .filter((role) => role !== '');
  const unknown = roles.filter((role) => !known.has(role));
  if (unknown.length > 0) throw new Error(`unknown role(s): ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  return [...new Set(roles)] as Role[];
}
