import Foundation
import Testing
@testable import TroupeCore

@Suite("Local paths and settings")
struct LocalPathsTests {
    @Test func xdgDefaultsUnderHome() {
        let paths = LocalPaths(environment: ["HOME": "/home/ana"], workingDirectory: "/work")
        #expect(paths.defaultServer == "/home/ana/.local/share/troupe/llama.cpp/llama-server")
        #expect(paths.defaultModel == "/home/ana/.local/share/troupe/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf")
        #expect(paths.stateFile == "/home/ana/.cache/troupe/local-server.json")
    }

    @Test func xdgVariablesWin() {
        let paths = LocalPaths(
            environment: ["HOME": "/home/ana", "XDG_DATA_HOME": "/data", "XDG_CACHE_HOME": "/cache", "XDG_RUNTIME_DIR": "/run/user/1000"],
            workingDirectory: "/work")
        #expect(paths.modelsFolder == "/data/troupe/models")
        #expect(paths.stateFile == "/run/user/1000/troupe/local-server.json")
        let noRuntime = LocalPaths(environment: ["HOME": "/home/ana", "XDG_CACHE_HOME": "/cache", "XDG_RUNTIME_DIR": ""], workingDirectory: "/w")
        #expect(noRuntime.stateFile == "/cache/troupe/local-server.json")
    }

    @Test func modelSettingForms() {
        let paths = LocalPaths(environment: ["HOME": "/home/ana"], workingDirectory: "/work/project")
        let unset = LocalModelFile.resolve(nil, paths: paths)
        #expect(unset.path == paths.defaultModel)
        #expect(unset.source == .installedDefault)
        #expect(unset.pin == LocalModelFile.defaultModelPin)
        #expect(LocalModelFile.resolve("  ", paths: paths).source == .installedDefault)

        #expect(LocalModelFile.resolve("/models/a.gguf", paths: paths).path == "/models/a.gguf")
        #expect(LocalModelFile.resolve("~/m/b.gguf", paths: paths).path == "/home/ana/m/b.gguf")
        #expect(LocalModelFile.resolve("./c.gguf", paths: paths).path == "/work/project/c.gguf")
        #expect(LocalModelFile.resolve("../x/d.gguf", paths: paths).path == "/work/x/d.gguf")
        let bare = LocalModelFile.resolve("gemma.gguf", paths: paths)
        #expect(bare.path == "/home/ana/.local/share/troupe/models/gemma.gguf")
        #expect(bare.source == .setting("LOCAL_MODEL"))
        #expect(bare.pin == nil)
    }

    @Test func defaultNamedExplicitlyIsStillPinned() {
        let paths = LocalPaths(environment: ["HOME": "/home/ana"], workingDirectory: "/")
        let named = LocalModelFile.resolve(LocalModelFile.defaultModelName, paths: paths)
        #expect(named.path == paths.defaultModel)
        #expect(named.pin == LocalModelFile.defaultModelPin)
        #expect(LocalModelFile.resolve("~/.local/share/troupe/models/../models/" + LocalModelFile.defaultModelName, paths: paths).pin != nil)
    }

    @Test func bareNameMayLeaveOffTheExtension() throws {
        let scratch = try LocalScratch()
        let paths = scratch.paths()
        try scratch.fakeGGUF(".local/share/troupe/models/tiny.gguf")
        #expect(LocalModelFile.resolve("tiny", paths: paths).path == paths.modelsFolder + "/tiny.gguf")
        #expect(LocalModelFile.resolve("absent", paths: paths).path == paths.modelsFolder + "/absent")
    }

    @Test func serverProgramForms() throws {
        let scratch = try LocalScratch()
        let bin = try scratch.script("bin/my-llama", "exit 0")
        let paths = LocalPaths(environment: ["HOME": scratch.path, "PATH": scratch.path + "/bin"], workingDirectory: scratch.path)
        var configuration = LocalServerConfiguration(paths: paths, environment: [:])
        #expect(configuration.serverProgram.path == paths.defaultServer)
        #expect(configuration.serverProgram.source == .installedDefault)
        configuration.server = "my-llama"
        #expect(configuration.serverProgram.path == bin)
        #expect(configuration.serverProgram.source == .setting("LOCAL_SERVER"))
        configuration.server = "~/bin/my-llama"
        #expect(configuration.serverProgram.path == bin)
    }

    /// LOCAL_MODEL, LOCAL_SERVER, LOCAL_CONTEXT and LOCAL_THREADS come from the settings (each
    /// described once and checked like any other).
    @Test func settingsFromTheConfiguration() throws {
        var config = TroupeConfig()
        try config.set("LOCAL_MODEL", to: "x.gguf", source: .flag)
        try config.set("LOCAL_SERVER", to: "/opt/llama-server", source: .flag)
        try config.set("LOCAL_CONTEXT", to: "8192", source: .flag)
        try config.set("LOCAL_THREADS", to: "3", source: .flag)
        let configuration = LocalServerConfiguration(config: config, paths: TroupePaths(environment: ["HOME": "/home/ana"]), workingDirectory: "/")
        #expect(configuration.model == "x.gguf")
        #expect(configuration.serverProgram.path == "/opt/llama-server")
        #expect(configuration.contextSize == 8192)
        #expect(configuration.threads == 3)
        #expect(configuration.modelFile.path == "/home/ana/.local/share/troupe/models/x.gguf")
        #expect(throws: ConfigError.self) { try config.set("LOCAL_CONTEXT", to: "lots", source: .flag) }
        #expect(throws: ConfigError.self) { try config.set("LOCAL_THREADS", to: "0", source: .flag) }
        let defaults = LocalServerConfiguration(config: TroupeConfig(), paths: TroupePaths(environment: ["HOME": "/home/ana"]), workingDirectory: "/")
        #expect(defaults.contextSize == 4096 && defaults.model == nil && defaults.server == nil)
    }

    @Test func launchKeyChangesWithModelAndContext() {
        let paths = LocalPaths(environment: ["HOME": "/home/ana"], workingDirectory: "/")
        var configuration = LocalServerConfiguration(paths: paths, environment: [:])
        let first = configuration.launchKey
        configuration.contextSize = 2048
        #expect(configuration.launchKey != first)
        configuration.contextSize = LocalServerConfiguration.defaultContextSize
        #expect(configuration.launchKey == first)
        configuration.model = "other.gguf"
        #expect(configuration.launchKey != first)
    }
}
