// Command ferretdb runs FerretDB 1.x on its SQLite handler: the MongoDB-wire server that highwater
// embeds for development and tests. It goes through FerretDB's embeddable package because the
// module's own command panics without a version file that only release builds generate.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", ".data/ferretdb", "directory for the SQLite files")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	postgresqlURL := flag.String("postgresql-url", "", "store data in this PostgreSQL database instead of SQLite files")
	stdinLifeline := flag.Bool("stdin-lifeline", false, "stop when standard input closes (the parent process ended)")
	flag.Parse()

	if err := os.MkdirAll(*dataDir, 0o700); err != nil {
		fail(err)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail(err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config := &ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dataDir + "/",
	}
	// SQLite needs nothing else running (pnpm start); PostgreSQL copes far better with many
	// concurrent writers (test suites, several server processes).
	if *postgresqlURL != "" {
		config.Handler = "postgresql"
		config.PostgreSQLURL = *postgresqlURL
		config.SQLiteURL = ""
	}

	db, err := ferretdb.New(config)
	if err != nil {
		fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	// The parent starts us in a process group of our own, so that a Ctrl-C or a SIGTERM sent to its
	// group does not stop the database before the parent has handed its jobs back. The pipe on stdin
	// ends when the parent does, however it ends (even SIGKILL), so we never outlive it.
	if *stdinLifeline {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			cancel()
		}()
	}

	// The parent process waits for this line to know the port is open.
	fmt.Printf("ferretdb listening on %s\n", *listen)

	if err := db.Run(ctx); err != nil && ctx.Err() == nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ferretdb:", err)
	os.Exit(1)
}
