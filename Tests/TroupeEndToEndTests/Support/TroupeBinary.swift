import Foundation
import Testing
import TroupeTestSupport

/// The built `troupe` and `troupe-test-server` executables, run as child processes.
///
/// `swift test` builds every product first, so a missing binary is a failure, not a skip.
enum TroupeBinary {
    /// The directory holding the built products: the test bundle's own, else `<repo>/.build/debug`.
    static let productsDirectory: String? = {
        let fileManager = FileManager.default
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path,
            root.appendingPathComponent(".build/debug").path,
        ]
        return candidates.first { fileManager.isExecutableFile(atPath: $0 + "/troupe") }
    }()

    /// The path of the `troupe` executable.
    static func troupe() throws -> String {
        let directory = try #require(productsDirectory, "the troupe binary is not built (run swift build)")
        return directory + "/troupe"
    }

    /// The path of the `troupe-test-server` executable.
    static func testServer() throws -> String {
        let directory = try #require(productsDirectory, "the troupe binary is not built (run swift build)")
        return directory + "/troupe-test-server"
    }

    /// The outcome of one run.
    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    /// Runs `troupe arguments` in `directory` with HOME there too (so no user configuration
    /// is read), `environment` added, `input` on standard input; 30 s at most.
    static func run(
        _ arguments: [String],
        in directory: String,
        environment: [String: String] = [:],
        input: String? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try troupe())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["HOME": directory, "PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
            .merging(environment) { _, new in new }
        // Output goes to files, so a large output cannot block the child on a full pipe.
        let outPath = directory + "/.stdout-\(UUID().uuidString)", errPath = directory + "/.stderr-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        await process.exit(within: .seconds(30))
        let outData = FileManager.default.contents(atPath: outPath) ?? Data()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        return Result(
            status: process.terminationStatus,
            out: String(decoding: outData, as: UTF8.self),
            err: String(decoding: errData, as: UTF8.self))
    }

    /// A new empty directory, removed by the caller.
    static func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "troupe-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
