// delivery/accountability: where the export lives (one place, so pages and the API link alike).
export const accountabilityPaths = {
  api: (organisationCode: string, caseId: string): string => `/api/v1/cases/${organisationCode}/${caseId}/accountability`,
  page: (organisationCode: string, caseId: string): string => `/zaken/${organisationCode}/${caseId}/verantwoording`,
  /** The page's own stylesheet (the Content-Security-Policy allows no inline styles). */
  stylesheet: '/assets/delivery/verantwoording.css',
} as const;
