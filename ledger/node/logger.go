package node

import (
	"log/slog"

	cmtlog "github.com/cometbft/cometbft/libs/log"
)

// slogLogger passes CometBFT's log lines (a message and alternating keys
// and values) to a slog.Logger at the same level.
type slogLogger struct{ l *slog.Logger }

var _ cmtlog.Logger = slogLogger{}

func (s slogLogger) Debug(msg string, keyvals ...any) { s.l.Debug(msg, keyvals...) }
func (s slogLogger) Info(msg string, keyvals ...any)  { s.l.Info(msg, keyvals...) }
func (s slogLogger) Error(msg string, keyvals ...any) { s.l.Error(msg, keyvals...) }
func (s slogLogger) With(keyvals ...any) cmtlog.Logger {
	return slogLogger{s.l.With(keyvals...)}
}

func cometLogger(l *slog.Logger) cmtlog.Logger {
	if l == nil {
		return cmtlog.NewNopLogger()
	}
	return slogLogger{l.With("component", "cometbft")}
}
