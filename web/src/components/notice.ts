/** A page's announcement after an action: "Integration has been created", or why something failed. */
export interface Notice {
  tone: 'ok' | 'bad' | 'info';
  text: string;
}
