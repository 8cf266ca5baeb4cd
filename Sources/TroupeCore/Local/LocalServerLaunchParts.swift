import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small pieces of a launch: a free port, an API key, the server's command line and environment.
enum LocalServerLaunchParts {
    /// A port on 127.0.0.1 that was free a moment ago: bind port 0, read the port the kernel
    /// chose, close. Another process can take it before the server binds it; the launcher
    /// notices (the server exits with a bind error) and tries another.
    static func freePort() throws -> Int {
        #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #endif
        guard fd >= 0 else { throw LocalServerError.noFreePort(errno: errno) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw LocalServerError.noFreePort(errno: errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw LocalServerError.noFreePort(errno: errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// 32 random bytes from the system's secure generator, as 64 hex digits.
    static func newAPIKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// llama-server's arguments. The key is not among them (it goes in the environment, which
    /// only this user can read, while anyone can read /proc/PID/cmdline).
    static func serverArguments(model: String, port: Int, contextSize: Int, threads: Int) -> [String] {
        [
            "-m", model,
            // Answers name the model by its file name (the status line shows it).
            "--alias", (model as NSString).lastPathComponent,
            "--host", "127.0.0.1",
            "--port", String(port),
            "-c", String(contextSize),
            "-t", String(threads),
            // One process answers chat and embeddings; mean pooling gives one vector per input.
            "--embeddings", "--pooling", "mean",
            // One slot: one conversation at a time, the smallest KV cache; requests queue.
            "-np", "1",
            // /slots lets troupe check that a cancelled request freed its slot (on by default
            // in this build; said explicitly in case the default changes).
            "--slots",
            "--no-webui",
            // Never reach out to a model hub.
            "--offline",
        ]
    }

    /// The server's environment: this process's, without llama.cpp's own settings (LLAMA_ARG_*
    /// would silently change the server, e.g. LLAMA_ARG_HOST=0.0.0.0) and without other
    /// services' secrets (OPENAI_API_KEY, AZURE_OPENAI_AD_TOKEN, ...: names ending in _KEY,
    /// _TOKEN, _SECRET or _PASSWORD), plus the fresh key and the server's folder first on
    /// LD_LIBRARY_PATH (its shared libraries travel with it).
    static func serverEnvironment(base: [String: String], apiKey: String, serverFolder: String) -> [String: String] {
        let secretSuffixes = ["_KEY", "_TOKEN", "_SECRET", "_PASSWORD"]
        var environment = base.filter { name, _ in
            !name.hasPrefix("LLAMA_ARG_") && !secretSuffixes.contains { name.uppercased().hasSuffix($0) }
        }
        environment["LLAMA_API_KEY"] = apiKey
        if let existing = environment["LD_LIBRARY_PATH"], !existing.isEmpty {
            environment["LD_LIBRARY_PATH"] = serverFolder + ":" + existing
        } else {
            environment["LD_LIBRARY_PATH"] = serverFolder
        }
        return environment
    }
}
