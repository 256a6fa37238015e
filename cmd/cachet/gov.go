package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/ledger"
	"github.com/cachet-district/cachet/schemas"
)

// defaultGrantYears is how long `gov authorize` authorises an issuer when
// --until is not given.
const defaultGrantYears = 5

// govFlags are the flags every governance command shares: the members'
// keys and the ledger connection.
type govFlags struct {
	keys listFlag
	conn ledgerConn
}

// govOp is one governance operation and the line that reports it.
type govOp struct {
	op   ledger.GovernanceOp
	what string
}

// govSubmit signs each op with every governance key given, each key
// matched to its member by public key, with the next governance sequence
// number, and submits them in order.
func govSubmit(e env, g *govFlags, ops ...govOp) error {
	if len(g.keys) == 0 {
		return usagef("give the governance members' keys with --key (repeatable)")
	}
	privs := make([]*keys.PrivateKey, len(g.keys))
	for i, k := range g.keys {
		p, err := loadPrivateKey(e, k, "key", keys.RoleGovernance)
		if err != nil {
			return err
		}
		privs[i] = p
	}
	s, err := g.conn.open(e)
	if err != nil {
		return err
	}
	defer s.close()
	gov, err := s.reader.GovernanceMembers(e.ctx)
	if err != nil {
		return ledgerError(err)
	}
	signers := make([]ledger.TxSigner, len(privs))
	for i, p := range privs {
		tp := p.Public().Thumbprint()
		for _, m := range gov.Members {
			if pub, err := m.PublicKey(); err == nil && pub.Thumbprint() == tp {
				signers[i] = ledger.TxSigner{KID: m.ID, Signer: p}
			}
		}
		if signers[i].KID == "" {
			return usagef("--key %s is not a governance member's key", g.keys[i])
		}
	}
	if len(signers) < gov.Threshold {
		return usagef("%d governance signature(s) given, the ledger needs %d of its %d members", len(signers), gov.Threshold, len(gov.Members))
	}
	for _, o := range ops {
		seq, err := s.reader.NextSeq(e.ctx, ledger.SignerGovernance)
		if err != nil {
			return ledgerError(err)
		}
		tx, err := ledger.NewGovernanceTx(s.chain, seq, o.op, signers...)
		if err != nil {
			return err
		}
		if err := s.submit(e, tx, o.what); err != nil {
			return err
		}
	}
	return nil
}

// credentialTypes maps each --type (a type id such as resident-id, or a
// vct) to its vct.
func credentialTypes(reg *schemas.Registry, types []string) ([]string, error) {
	out := make([]string, len(types))
	for i, t := range types {
		if ty, ok := reg.ByID(t); ok {
			out[i] = ty.VCT
			continue
		}
		// A vct is a URI (every district vct is "urn:cachet:vct:..."), a
		// type id never holds a colon.
		if strings.Contains(t, ":") {
			out[i] = t
			continue
		}
		return nil, usagef("--type %q is neither a district type id nor a vct", t)
	}
	return out, nil
}

// govAuthorize: cachet gov authorize --issuer DID --type T... [--from T] [--until T] --key K...
func govAuthorize(e env, args []string) error {
	fs := newFlags(e, "gov authorize")
	issuer := fs.String("issuer", "", "the issuer's did:cachet DID (required)")
	var types listFlag
	fs.Var(&types, "type", "a credential type it may issue: type id (resident-id) or vct; repeatable")
	from := fs.String("from", "", "start of the authorisation, RFC 3339 (default: now)")
	until := fs.String("until", "", fmt.Sprintf("end of the authorisation, exclusive, RFC 3339 (default: %d years after --from)", defaultGrantYears))
	var g govFlags
	fs.Var(&g.keys, "key", "a governance member's private key (JWK file or STORE#ID); repeatable, as many as the threshold")
	g.conn.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *issuer == "" || len(types) == 0 {
		return usagef("give --issuer and at least one --type")
	}
	reg, err := schemas.Load()
	if err != nil {
		return err
	}
	vcts, err := credentialTypes(reg, types)
	if err != nil {
		return err
	}
	start := e.now().UTC().Truncate(time.Second)
	if *from != "" {
		if start, err = parseUTC("from", *from); err != nil {
			return err
		}
	}
	end := start.AddDate(defaultGrantYears, 0, 0)
	if *until != "" {
		if end, err = parseUTC("until", *until); err != nil {
			return err
		}
	}
	if !end.After(start) {
		return usagef("--until must be after --from")
	}
	op := &ledger.AuthorizeOp{Issuer: *issuer, VCTs: vcts, ValidFrom: start.Format(time.RFC3339), ValidUntil: end.Format(time.RFC3339)}
	return govSubmit(e, &g, govOp{op, fmt.Sprintf("authorised %s for %s from %s until %s", *issuer, strings.Join(vcts, ", "), op.ValidFrom, op.ValidUntil)})
}

// parseUTC parses an RFC 3339 time to whole seconds in UTC, the ledger's one
// time form.
func parseUTC(name, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usagef("--%s: %v", name, err)
	}
	return t.UTC().Truncate(time.Second), nil
}

// govRevoke: cachet gov revoke --issuer DID (--type T... | --all) --key K...
func govRevoke(e env, args []string) error {
	fs := newFlags(e, "gov revoke")
	issuer := fs.String("issuer", "", "the issuer's DID (required)")
	var types listFlag
	fs.Var(&types, "type", "a credential type to revoke (type id or vct); repeatable")
	all := fs.Bool("all", false, "revoke every type the issuer holds")
	var g govFlags
	fs.Var(&g.keys, "key", "a governance member's private key; repeatable")
	g.conn.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *issuer == "" || (len(types) == 0) == !*all {
		return usagef("give --issuer and either --type (repeatable) or --all")
	}
	op := &ledger.RevokeOp{Issuer: *issuer, All: *all}
	what := "all types"
	if !*all {
		reg, err := schemas.Load()
		if err != nil {
			return err
		}
		if op.VCTs, err = credentialTypes(reg, types); err != nil {
			return err
		}
		what = strings.Join(op.VCTs, ", ")
	}
	return govSubmit(e, &g, govOp{op, fmt.Sprintf("revoked %s for %s", *issuer, what)})
}

// govSchema: cachet gov schema (--type ID... | --all) --key K...
func govSchema(e env, args []string) error {
	fs := newFlags(e, "gov schema")
	var types listFlag
	fs.Var(&types, "type", "a district credential type id to register (resident-id, ...); repeatable")
	all := fs.Bool("all", false, "register every district credential type")
	var g govFlags
	fs.Var(&g.keys, "key", "a governance member's private key; repeatable")
	g.conn.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if (len(types) == 0) == !*all {
		return usagef("give --type (repeatable) or --all")
	}
	reg, err := schemas.Load()
	if err != nil {
		return err
	}
	var list []*schemas.Type
	if *all {
		list = reg.Types()
	}
	for _, id := range types {
		t, ok := reg.ByID(id)
		if !ok {
			return usagef("--type %q is not a district credential type", id)
		}
		list = append(list, t)
	}
	ops := make([]govOp, len(list))
	for i, t := range list {
		ops[i] = govOp{&ledger.SchemaOp{
			TypeID: t.ID, VCT: t.VCT, SchemaDigest: t.SchemaDigest(),
			MetadataDigest: ledger.Digest(t.MetadataJSON()),
			Name:           ledger.LocalName{Zh: t.Name("zh-CN"), En: t.Name("en")},
		}, fmt.Sprintf("registered %s (%s)", t.ID, t.VCT)}
	}
	return govSubmit(e, &g, ops...)
}
