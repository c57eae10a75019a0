// Where the catalog's pages and API live. One place, so pages, exports and other modules link alike.

/** The last path segment of a UPL URI (unique in the UPL): …/owms/terms/paspoort → paspoort. */
export const uplSlug = (uplUri: string): string => uplUri.slice(uplUri.lastIndexOf('/') + 1);

export const catalogPaths = {
  /** Search page (also the catalog's home). */
  search: '/diensten',
  service: (organisationCode: string, serviceId: string): string => `/diensten/${organisationCode}/${serviceId}`,
  product: (uplUri: string): string => `/diensten/product/${encodeURIComponent(uplSlug(uplUri))}`,
  lifeEvents: '/levensgebeurtenissen',
  lifeEvent: (slug: string): string => `/levensgebeurtenissen/${slug}`,
  /** Citizens' requests for services that do not exist yet. */
  requests: '/diensten/wensen',
  request: (id: string): string => `/diensten/wensen/${id}`,
  /** Service designers: their organisation's services. */
  manage: '/beheer/diensten',
  manageService: (serviceId: string): string => `/beheer/diensten/${serviceId}`,
} as const;

export const catalogApi = {
  services: '/api/v1/services',
  service: (organisationCode: string, serviceId: string): string => `/api/v1/organisations/${organisationCode}/services/${serviceId}`,
  organisationServices: (organisationCode: string): string => `/api/v1/organisations/${organisationCode}/services`,
  lifeEvents: '/api/v1/life-events',
  serviceRequests: '/api/v1/service-requests',
} as const;
