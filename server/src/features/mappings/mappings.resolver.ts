import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorizeField } from '../../graphql/auth-checker.js';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import type { Viewer } from '../auth/auth.service.js';
import { Role } from '../auth/roles.js';
import { Organization } from '../organizations/organization.entity.js';
import { Mapping } from './mapping.entity.js';
import { CompanySuggestion, ConnectWiseAdditionList, ConnectWiseAgreementList, ConnectWiseCompanyConnection, MappingInput } from './mapping.types.js';

// Role checks per operation: `mapping`, drawn on every row of a page, checks synchronously (authorizeField).
@Resolver(() => Organization)
export class MappingsResolver {
  @Authorized(Role.BILLING)
  @Query(() => ConnectWiseCompanyConnection, { description: 'Company picker: billable types only, name search and paging done by ConnectWise.' })
  connectWiseCompanies(
    @Ctx() { services }: Context,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('first', () => Int, { defaultValue: 25 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return services.mappings.companies(search, first, after);
  }

  @Authorized(Role.BILLING)
  @Query(() => ConnectWiseAgreementList, {
    description: "The company's agreements that are not cancelled, with their status: only Active ones can be mapped. Rows that cannot be read are listed in `skipped`.",
  })
  connectWiseAgreements(@Arg('companyId', () => Int) companyId: number, @Ctx() { services }: Context) {
    return services.mappings.agreements(companyId);
  }

  @Authorized(Role.BILLING)
  @Query(() => ConnectWiseAdditionList, {
    description: "The agreement's product additions with their current quantity and unit cost. Rows that cannot be read are listed in `skipped`.",
  })
  connectWiseAdditions(@Arg('agreementId', () => Int) agreementId: number, @Ctx() { services }: Context) {
    return services.mappings.additions(agreementId);
  }

  @Authorized(Role.BILLING)
  @Mutation(() => [Mapping], { description: 'Maps organizations to company, agreement and addition, checked in ConnectWise; all or nothing.' })
  saveMappings(@Arg('mappings', () => [MappingInput]) mappings: MappingInput[], @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.mappings.save(viewer, mappings);
  }

  @Authorized(Role.BILLING)
  @Mutation(() => Boolean, { description: "Removes the organization's mapping: it stops syncing until mapped again." })
  disableMapping(@Arg('organizationId', () => ID) organizationId: string, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.mappings.disable(viewer, organizationId);
  }

  @FieldResolver(() => Mapping, { nullable: true })
  mapping(@Root() organization: Organization, @Ctx() context: Context) {
    authorizeField(context, Role.BILLING);
    return context.services.mappings.mappingOf.get(organization.id);
  }

  @Authorized(Role.BILLING)
  @FieldResolver(() => [CompanySuggestion], { description: 'ConnectWise companies whose names best match this organization’s, with a score.' })
  companySuggestions(@Root() organization: Organization, @Ctx() { services }: Context, @Arg('first', () => Int, { defaultValue: 5 }) first?: number) {
    return services.mappings.suggestions(organization.id, first);
  }
}
