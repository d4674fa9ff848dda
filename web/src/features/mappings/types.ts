/** A ConnectWise company as the picker shows and returns it. */
export interface PickedCompany {
  id: number;
  name: string;
  identifier?: string;
}

/** A best name match for an organization, scored 0 to 1 by the server. */
export interface Suggestion {
  score: number;
  company: PickedCompany;
}

/** What the mapping drawer needs to know about the organization it maps. */
export interface DrawerOrganization {
  id: string;
  name: string;
  highWatermark?: number | null;
  costPerSeat: number;
  mapping?: {
    companyId: number;
    companyName: string;
    agreementId: number;
    additionId: number;
  } | null;
}
