package node

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	cmtlog "github.com/cometbft/cometbft/libs/log"
	cmtpubsub "github.com/cometbft/cometbft/libs/pubsub"
	nm "github.com/cometbft/cometbft/node"
	rpcserver "github.com/cometbft/cometbft/rpc/jsonrpc/server"
)

// rpcServer is the node's CometBFT RPC, served by us rather than by
// CometBFT: CometBFT v0.38 stops its RPC by closing the listener only, so
// kept-alive connections go on being answered by the stopped node (a client
// of a restarted node then gets "service is shutting down" from the old
// one). Owning the http.Server lets Stop close every connection.
type rpcServer struct {
	srv      *http.Server
	listener net.Listener
	done     chan error
}

// startRPC serves comet's RPC routes (JSON-RPC over HTTP and the
// websocket) on laddr, with CometBFT's own request checks and limits.
func startRPC(comet *nm.Node, laddr string, submitTimeout time.Duration, logger cmtlog.Logger) (*rpcServer, error) {
	env, err := comet.ConfigureRPC()
	if err != nil {
		return nil, fmt.Errorf("node: rpc: %w", err)
	}
	rc := comet.Config().RPC
	cfg := rpcserver.DefaultConfig()
	cfg.MaxRequestBatchSize = rc.MaxRequestBatchSize
	cfg.MaxBodyBytes = rc.MaxBodyBytes
	cfg.MaxHeaderBytes = rc.MaxHeaderBytes
	cfg.MaxOpenConnections = rc.MaxOpenConnections
	// A Submit holds its request open until the commit.
	cfg.WriteTimeout = max(cfg.WriteTimeout, submitTimeout+time.Second)
	routes := env.GetRoutes()
	rpcLogger := logger.With("module", "rpc-server")
	wm := rpcserver.NewWebsocketManager(routes,
		rpcserver.OnDisconnect(func(remoteAddr string) {
			err := env.EventBus.UnsubscribeAll(context.Background(), remoteAddr)
			if err != nil && !errors.Is(err, cmtpubsub.ErrSubscriptionNotFound) {
				rpcLogger.Error("unsubscribe on disconnect", "addr", remoteAddr, "err", err)
			}
		}),
		rpcserver.ReadLimit(cfg.MaxBodyBytes),
		rpcserver.WriteChanCapacity(rc.WebSocketWriteBufferSize),
	)
	wm.SetLogger(rpcLogger.With("protocol", "websocket"))
	mux := http.NewServeMux()
	mux.HandleFunc("/websocket", wm.WebsocketHandler)
	rpcserver.RegisterRPCFuncs(mux, routes, rpcLogger)
	l, err := rpcserver.Listen(laddr, cfg.MaxOpenConnections)
	if err != nil {
		return nil, fmt.Errorf("node: rpc: %w", err)
	}
	s := &rpcServer{
		srv: &http.Server{
			Handler:           rpcserver.PreChecksHandler(rpcserver.RecoverAndLogHandler(mux, rpcLogger), cfg),
			ReadTimeout:       cfg.ReadTimeout,
			ReadHeaderTimeout: cfg.ReadTimeout,
			WriteTimeout:      cfg.WriteTimeout,
			MaxHeaderBytes:    cfg.MaxHeaderBytes,
		},
		listener: l,
		done:     make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(l) }()
	return s, nil
}

// close stops the server and closes every connection, idle or active.
func (s *rpcServer) close() error {
	if s == nil {
		return nil
	}
	err := s.srv.Close()
	if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("node: rpc: %w", err)
	}
	return nil
}

// RPCAddr returns the RPC's listening address ("127.0.0.1:26657"), or "" when
// the node serves no RPC.
func (n *Node) RPCAddr() string {
	if n.rpc == nil {
		return ""
	}
	return n.rpc.listener.Addr().String()
}
