import type { AlertNotTicketedReason, AlertType } from '../../gql/graphql';

/** One alert type's settings as the edit dialog starts from them. */
export interface EditedAlert {
  alertType: AlertType;
  name: string;
  description: string;
  createTickets: boolean;
  priorityId: number | null;
  sourceId: number | null;
  dueDays: number;
}

const notTicketedReasons: Record<AlertNotTicketedReason, string> = {
  ALERT_TYPE_OFF: 'this alert is turned off',
  AUTOMATED_TICKETING_OFF: 'automated ticketing is off',
  INTEGRATION_DISABLED: 'the integration was disabled',
  INTEGRATION_NOT_CONFIGURED: 'ConnectWise Manage is not connected',
  ORGANIZATION_NOT_MAPPED: 'the organization is not mapped',
};

export function notTicketedReason(reason: AlertNotTicketedReason | null | undefined): string {
  return reason ? notTicketedReasons[reason] : 'no reason recorded';
}
