import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { Connection } from '../../shared/pagination.js';
import { Role } from '../auth/roles.js';
import { AuditEntry } from './audit.entity.js';

const AuditEntryConnection = Connection(AuditEntry, 'AuditEntry');

@Authorized(Role.BILLING)
@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: 'Every change to the integration, newest first.' })
  auditLog(
    @Ctx() { services }: Context,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return services.audit.list(first, after);
  }
}
