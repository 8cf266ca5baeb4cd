// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "troupe",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "troupe", targets: ["troupe"]),
        .library(name: "TroupeCore", targets: ["TroupeCore"]),
        .library(name: "TroupeTokenizer", targets: ["TroupeTokenizer"]),
        .library(name: "TroupeShell", targets: ["TroupeShell"]),
        .library(name: "TroupeEval", targets: ["TroupeEval"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        // Exact tiktoken-compatible BPE; no dependencies so it can be used alone.
        .target(
            name: "TroupeTokenizer",
            resources: [.copy("Resources")]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The client core: configuration, clients, cache, templates.
        .target(
            name: "TroupeCore",
            dependencies: [
                "TroupeTokenizer",
                "CSQLite",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The shipped config.ini, compiled into the binary as the built-in defaults.
            resources: [.embedInCode("Resources/config.ini"), .embedInCode("Resources/models.yaml")]
        ),
        // Prompt suites (promptfoo's format): loading, Nunjucks prompts, assertions, the runner
        // and its reports.
        .target(
            name: "TroupeEval",
            dependencies: [
                "TroupeCore",
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The chat shell: line editor, REPL engine, slash commands, sessions.
        .target(
            name: "TroupeShell",
            dependencies: [
                "TroupeCore",
                "TroupeEval",
                "TroupeTokenizer",
                "CEditLine",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Thin executable: parses arguments, wires the libraries, runs.
        .executableTarget(
            name: "troupe",
            dependencies: [
                "TroupeCore",
                "TroupeEval",
                "TroupeShell",
                "TroupeTokenizer",
                "TroupeTokenLines",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `troupe tokens --jsonl`: JSON lines in, counts or ids out (shared with TokenizerBench).
        .target(
            name: "TroupeTokenLines",
            dependencies: ["TroupeTokenizer"]
        ),
        // Tokenizer throughput benchmark (Scripts/bench-tokenizer.sh runs it in release).
        .executableTarget(
            name: "TokenizerBench",
            dependencies: ["TroupeTokenizer", "TroupeTokenLines"]
        ),
        // An OpenAI/Azure-compatible HTTP server on 127.0.0.1 for tests and benchmarks.
        .target(
            name: "TroupeTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Conversation log benchmark: append cost per turn and search over many turns.
        .executableTarget(name: "LogBench", dependencies: ["TroupeCore"]),
        // A child process for the log's two-writer test: appends N turns to a log.
        .executableTarget(name: "LogWriterHelper", dependencies: ["TroupeCore"]),
        // `swift run -c release MarkdownBench`: time to render a 1 MB reply fed in 50-byte pieces.
        .executableTarget(name: "MarkdownBench", dependencies: ["TroupeShell"]),
        // A "troupe-like" process for the local server's lifetime tests.
        .executableTarget(name: "troupe-local-holder", dependencies: ["TroupeCore"]),
        // Cold start, first-token latency and decode speed of the local model, through troupe.
        .executableTarget(name: "LocalServerBench", dependencies: ["TroupeCore"]),
        // Client throughput benchmark (Scripts/bench-client.sh runs it in release).
        .executableTarget(
            name: "ClientBench",
            dependencies: ["TroupeCore"]
        ),
        // `troupe-test-server`: runs the test server for tmux end-to-end tests and benchmarks.
        .executableTarget(
            name: "troupe-test-server",
            dependencies: ["TroupeTestSupport"]
        ),
        .testTarget(name: "TroupeTokenizerTests", dependencies: ["TroupeTokenizer"]),
        .testTarget(name: "TroupeTokenLinesTests", dependencies: ["TroupeTokenLines", "TroupeTokenizer"]),
        .testTarget(name: "TroupeCoreTests", dependencies: ["TroupeCore", "TroupeTestSupport", "CSQLite", "LogWriterHelper", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "TroupeEvalTests", dependencies: ["TroupeEval", "TroupeCore", "TroupeTestSupport"]),
        .testTarget(name: "TroupeShellTests", dependencies: ["TroupeShell", "TroupeCore", "TroupeTestSupport"]),
        .testTarget(name: "TroupeEndToEndTests", dependencies: ["TroupeTestSupport"]),
        // The real llama-server and model (set-up installs them; the suite skips without them):
        // one serialized suite sharing one server.
        .testTarget(
            name: "TroupeLocalModelTests",
            dependencies: [
                "TroupeCore", "TroupeTestSupport", "troupe-local-holder",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
