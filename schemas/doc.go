// Package schemas holds the district's credential types, each a JSON
// Schema (draft 2020-12) and an SD-JWT VC Type Metadata document, and
// validates claims against them: the issuer checks what a clerk enters
// (Validate) before signing, a verifier what a holder disclosed
// (ValidateDisclosed) after verifying, and the ledger's schema registry
// records each schema by SchemaDigest.
//
// # Types
//
// Six types are embedded, one folder each under types/: resident-id
// (居民身份证), household-registration (户口登记), marriage-certificate
// (结婚证), academic-degree (学位证书), business-licence (营业执照) and
// food-safety-report (食用农产品检测报告). A type's vct is
// urn:cachet:vct:<id>:1 and its schema's $id urn:cachet:schema:<id>:1; a
// changed file is a new version with a new vct.
//
// # What a schema validates
//
// A schema validates the credential-subject claims object only: the
// members the clerk fills in, before the issuer adds the registered JWT
// claims (iss, nbf, exp, cnf, vct, vct#integrity, status, sub, iat) of
// draft-ietf-oauth-sd-jwt-vc, Section 3.2.2.2 "Registered JWT Claims". It
// is closed (additionalProperties false at every level), so envelope claims
// passed in are refused as unknown: callers validate the subject claims
// before adding the envelope, or after taking it off.
//
// # Specifications
//
//   - JSON Schema draft 2020-12, Core and Validation. Validation Section 7.2
//     makes format an annotation unless the validator asserts it; Load turns
//     assertion on and registers three formats: cachet-citizen-id,
//     cachet-uscc and cachet-date-or-long-term.
//   - draft-ietf-oauth-sd-jwt-vc, Type Metadata, as numbered in -12 and
//     later: Section 6.2 "Type Metadata Format" (vct, name, description,
//     display, claims), Section 7 "Document Integrity" (MetadataIntegrity,
//     for vct#integrity), Section 8 "Display Metadata" (locale, name,
//     description), Section 9 "Claim Metadata" (path, display with locale,
//     label and description, mandatory, sd), Section 9.1 "Claim Path" (null
//     selects every array element; AllElements in Go). Since -12 the
//     language member is "locale", not "lang", and JSON Schema is no longer
//     part of Type Metadata, hence the separate schema files.
//   - GB 11643-1999 citizen identity number (ValidCitizenID), GB 32100-2015
//     unified social credit code (ValidUnifiedSocialCreditCode), GB/T
//     3304-1991 ethnic group codes, GB/T 2260 administrative division codes.
//
// # Decisions
//
//   - Labels live in the metadata only: every claim has zh-CN and en labels
//     (Label), and every enumerated value has labels in the Cachet member
//     "x-cachet-values" of its claim metadata (ValueLabel). A schema carries
//     a title for the whole type but no per-claim titles, so there is one
//     place to translate. Forms are built from Fields: structure from the
//     schema (type, format, enum, bounds), order from the metadata.
//   - ethnicity holds the two-digit GB/T 3304 code ("01" is 汉族, Han), not
//     a name; the labels give both languages.
//   - A validity end that never comes (长期) is the string "long-term"
//     (LongTerm), in valid_until and business_term_until.
//   - registered_capital is an object {amount, currency}: amount a whole
//     number of currency units (1000000 for 100万元), currency an ISO 4217
//     code. Free text like "100万元人民币" cannot be compared or summed.
//   - household-registration carries district_code, the GB/T 2260 code of
//     the registered address (440604 for Chancheng); address stays free
//     text, and verifiers test the code, never the text.
//   - Only an uppercase X is accepted as a citizen identity check
//     character, as GB 11643-1999 writes it; forms upper-case before
//     validating. Lower-case credit code letters are refused likewise.
//   - Rules across claims: JSON Schema if/then/else where it can say them
//     (a spouse of nationality CHN has a citizen identity number; a food
//     report is unqualified exactly when one of its items is), and the root
//     keyword "x-cachet-id-consistency" where it cannot: the date of birth
//     and sex encoded in an identity number must match the claims stating
//     them (CodeMismatch).
//   - Selective disclosure: claims about a person are "always" selectively
//     disclosable, so the holder discloses them one by one; authorities and
//     validity dates are "never"; every claim of the food safety report,
//     a public record, is "never".
//   - Load refuses schema keywords and formats outside a short list, string
//     claims without a bound, and arrays without maxItems: the schema
//     library silently ignores unknown keywords and formats, so a typo
//     would switch a rule off.
//   - SchemaDigest is over the file's exact bytes, not a canonical form.
//
// # Dependency
//
// github.com/santhosh-tekuri/jsonschema/v6 evaluates the schemas: it
// implements all of draft 2020-12, takes custom formats, reports errors as
// a tree with instance locations (turned here into FieldErrors with
// sentences in both languages), and pulls in only golang.org/x/text.
package schemas
