import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import type { Viewer } from '../auth/auth.service.js';
import { Role } from '../auth/roles.js';
import { BillableCompanyTypes, ConnectWiseCompanyType } from '../mappings/mapping.types.js';
import { ConnectWiseIntegration } from './integration.entity.js';
import { ConnectWiseIntegrationInput, ConnectWiseIntegrationUpdateInput } from './integration.inputs.js';

@Authorized(Role.BILLING)
@Resolver()
export class IntegrationResolver {
  @Query(() => ConnectWiseIntegration, { nullable: true, description: 'The ConnectWise Manage connection, or null before it is set up.' })
  connectWiseIntegration(@Ctx() { services }: Context) {
    return services.integration.get();
  }

  @Mutation(() => ConnectWiseIntegration, { description: 'Checks the site, company ID and keys against ConnectWise, then the API member’s permissions per feature (see `permissions`); stores them only if the keys work and billing sync’s reads are allowed. Missing ticketing permissions are saved as warnings.' })
  verifyAndSaveConnectWiseIntegration(
    @Arg('input', () => ConnectWiseIntegrationInput) input: ConnectWiseIntegrationInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ) {
    return services.integration.verifyAndSave(viewer, input);
  }

  @Mutation(() => ConnectWiseIntegration, { description: 'Rotates keys (or site / company ID); the old keys stay in force until the new ones verify.' })
  verifyAndUpdateConnectWiseIntegration(
    @Arg('input', () => ConnectWiseIntegrationUpdateInput) input: ConnectWiseIntegrationUpdateInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ) {
    return services.integration.verifyAndUpdate(viewer, input);
  }

  @Mutation(() => ConnectWiseIntegration, {
    description:
      "Checks the API member's security-role permissions again with the saved keys (after changing its role in ConnectWise) and stores the result in `permissions`. Reads only.",
  })
  checkConnectWisePermissions(@Ctx() { services }: Context) {
    return services.integration.recheckPermissions();
  }

  @Mutation(() => Boolean, { description: 'Disable integration & clear data: removes credentials, company types, mappings and settings. Cannot be undone.' })
  disableConnectWiseIntegration(@Arg('confirm', () => Boolean) confirm: boolean, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.integration.disable(viewer, confirm);
  }

  @Query(() => [ConnectWiseCompanyType], { description: "The ConnectWise instance's company types, read live." })
  companyTypes(@Ctx() { services }: Context) {
    return services.integration.companyTypes();
  }

  @Query(() => BillableCompanyTypes, { description: 'The company types treated as billable customers.' })
  billableCompanyTypes(@Ctx() { services }: Context) {
    return services.integration.billableCompanyTypes();
  }

  @Mutation(() => [ConnectWiseCompanyType], { description: 'Filter by type: 1 to 150 ids, each a company type of the instance.' })
  setBillableCompanyTypes(@Arg('ids', () => [Int]) ids: number[], @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.integration.setBillableCompanyTypes(viewer, ids);
  }
}
