-- The social map (sociale kaart): organisations, their services and locations, imported from HSDS-shaped
-- files (see crates/domain/src/social_map/hsds.rs). Each record is kept whole as its JSON (`record`,
-- the domain's shape) beside the columns it is looked up by; `position` keeps the file's order.
CREATE TABLE sm_organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    record TEXT NOT NULL,
    position BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE sm_services (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES sm_organizations(id),
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    record TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE INDEX sm_services_organization ON sm_services (organization_id);
CREATE INDEX sm_services_status ON sm_services (status, name);

CREATE TABLE sm_locations (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES sm_organizations(id),
    record TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE INDEX sm_locations_organization ON sm_locations (organization_id);

CREATE TABLE sm_service_at_locations (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES sm_services(id),
    location_id TEXT NOT NULL REFERENCES sm_locations(id),
    position BIGINT NOT NULL
);
CREATE INDEX sm_service_at_locations_service ON sm_service_at_locations (service_id);
CREATE INDEX sm_service_at_locations_location ON sm_service_at_locations (location_id);

-- For searching: a service's PC4 ranges (none: every postcode) and its taxonomy terms (`scheme:code`).
CREATE TABLE sm_service_areas (
    service_id TEXT NOT NULL REFERENCES sm_services(id),
    pc4_from BIGINT NOT NULL,
    pc4_to BIGINT NOT NULL
);
CREATE INDEX sm_service_areas_service ON sm_service_areas (service_id);
CREATE INDEX sm_service_areas_range ON sm_service_areas (pc4_from, pc4_to);

CREATE TABLE sm_service_taxonomy (
    service_id TEXT NOT NULL REFERENCES sm_services(id),
    code TEXT NOT NULL,
    PRIMARY KEY (service_id, code)
);
CREATE INDEX sm_service_taxonomy_code ON sm_service_taxonomy (code, service_id);
