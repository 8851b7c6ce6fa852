/**
 * The RDS certificate authorities an instance's server certificate can be signed by today (the rds-ca-2019
 * CA expired in August 2024). Source: Amazon RDS User Guide, "Certificate authorities"
 * (UsingWithRDS.SSL.html#UsingWithRDS.SSL.RegionCertificateAuthorities), checked 2026-11-29; checkov's
 * CKV_AWS_211 (RDSCACertIsRecent) accepts exactly these three.
 */
export const CURRENT_CA_CERTIFICATES: readonly string[] = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];

/** The CA RDS assigns to new instances when none is named (RDS's default since January 2024). */
export const DEFAULT_CA_CERTIFICATE = CURRENT_CA_CERTIFICATES[0];
