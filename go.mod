module github.com/cachet-district/cachet

go 1.26.8

require (
	github.com/go-jose/go-jose/v4 v4.1.9
	github.com/mr-tron/base58 v1.3.0
	golang.org/x/crypto v0.58.0
)

require (
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
