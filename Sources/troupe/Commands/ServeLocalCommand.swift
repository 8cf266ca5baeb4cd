import ArgumentParser
import Dispatch
import Foundation
import TroupeCore

/// `troupe serve-local`: the local model's server in the foreground, kept warm for other
/// troupe processes (they find it through its state file instead of starting their own).
struct ServeLocalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-local",
        abstract: "Run the local model's server in the foreground, kept warm for other troupe commands.",
        discussion: """
            Starts llama-server with LOCAL_MODEL, LOCAL_CONTEXT and LOCAL_THREADS and writes a state \
            file (port and key, mode 0600, under ${XDG_RUNTIME_DIR}/troupe or the cache folder) that \
            other troupe processes use instead of starting a server of their own. Ctrl-C (or SIGTERM) \
            stops it and removes the file; a server that crashes is started again.
            """)

    @Option(name: .long, help: ArgumentHelp("A config.ini read after the user's and ./config.ini.", valueName: "file"))
    var config: String?

    func run() async throws {
        let settings = try ConfigLoader().load(configFile: config)
        for warning in settings.warnings { StandardOutput.writeError("troupe: warning: \(warning)\n") }
        let local = LocalServerConfiguration(
            config: settings, paths: TroupePaths(), workingDirectory: FileManager.default.currentDirectoryPath)
        let server = LocalServer(configuration: local, http: TransportLocalServerHTTP(), role: .serveLocal) { progress in
            if case .ready(let port, let seconds) = progress {
                StandardOutput.writeError(String(format: "troupe: ready on 127.0.0.1:%d after %.1f s\n", port, seconds))
            }
        }
        StandardOutput.writeError("troupe: starting \(local.modelFile.name)…\n")
        let stop = Self.stopSignals()
        let keeper = Task {
            do {
                while !Task.isCancelled {
                    let endpoint = try await server.endpoint()
                    StandardOutput.write("local model \(local.modelFile.name) on \(endpoint.openAIBaseURL) "
                        + "(state file \(local.paths.stateFile)); Ctrl-C stops it\n")
                    // Wait for the process to end (a crash): the loop starts a new one.
                    while await server.isRunning, !Task.isCancelled { try await Task.sleep(for: .milliseconds(500)) }
                    if let crash = await server.lastCrash, !Task.isCancelled {
                        StandardOutput.writeError("troupe: the server \(crash.exit); starting it again\n")
                    }
                }
            } catch is CancellationError {
            } catch {
                StandardOutput.writeError("troupe serve-local: \(CLIWording.wrap(error))\n")
            }
        }
        for await _ in stop { break }
        keeper.cancel()
        await server.shutdown()
        StandardOutput.writeError("troupe: stopped\n")
    }

    /// SIGINT and SIGTERM as an async sequence (their default action is replaced while this runs).
    static func stopSignals() -> AsyncStream<Int32> {
        AsyncStream { continuation in
            let sources = SignalSources([SIGINT, SIGTERM]) { continuation.yield($0) }
            continuation.onTermination = { _ in sources.cancel() }
        }
    }
}

/// Dispatch sources for some signals (their default action ignored while they exist).
private final class SignalSources: @unchecked Sendable {
    // @unchecked: the array is set once in init and never changed; dispatch sources are
    // thread-safe objects.
    private let sources: [any DispatchSourceSignal]

    init(_ numbers: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        sources = numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
