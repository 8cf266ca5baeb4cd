import Foundation
import Testing
@testable import TroupeCore

@Suite("Config lookup chain")
struct ConfigLoaderTests {
    let scratch: ScratchDirectory
    let home: String
    let work: String

    init() throws {
        scratch = try ScratchDirectory()
        home = scratch.file("home")
        work = scratch.file("work")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    func loader(_ environment: [String: String] = [:]) -> ConfigLoader {
        testLoader(home: home, currentDirectory: work, environment: environment)
    }

    @Test func builtInDefaultsWhenNothingElseExists() throws {
        let config = try loader().load()
        #expect(config == TroupeConfig())
        #expect(config.source(of: "TEMPERATURE") == .builtIn)
    }

    @Test func laterSourcesWinAndProvenanceIsKept() throws {
        let user = try scratch.write("[OpenAI]\nMODEL = user-model\nTEMPERATURE = 0.1\nTOP_P = 0.1\nSEED = 1\n", to: "home/.config/troupe/config.ini")
        let local = try scratch.write("[OpenAI]\ntemperature = 0.2\ntop_p = 0.2\nmax_tokens = 77\n", to: "work/config.ini")
        let explicit = try scratch.write("[OpenAI]\nTOP_P: 0.3\nCACHE_API_CALLS = yes\n", to: "other/custom.ini")
        let config = try loader([
            "OPENAI_BASE_URL": "http://127.0.0.1:9/v1/",
            "OPENAI_API_KEY": "sk-test-123",
        ]).load(configFile: explicit, flags: ["temperature": "0.9", "api": "azure"])

        #expect(config.model == "user-model")
        #expect(config.source(of: .model) == .file(user))
        #expect(config[.maxTokens] == 77)
        #expect(config.source(of: "max_tokens") == .file(local))
        #expect(config[.topP] == 0.3)
        #expect(config.source(of: "TOP_P") == .file(explicit))
        #expect(config.cacheAPICalls)
        #expect(config[.temperature] == 0.9)
        #expect(config.source(of: "TEMPERATURE") == .flag)
        #expect(config.apiType == "azure")
        #expect(config.source(of: "API_TYPE") == .flag)
        #expect(config[.seed] == 1)
        #expect(config.baseURL == "http://127.0.0.1:9/v1")
        #expect(config.source(of: "BASE_URL") == .environment("OPENAI_BASE_URL"))
        #expect(config.credentials.openAIKey?.value == "sk-test-123")
        #expect(config.source(of: "OPENAI_API_KEY") == .environment("OPENAI_API_KEY"))
        #expect(config.source(of: "EMBEDDING_MODEL") == .builtIn)
    }

    @Test func relativeConfigFileIsTakenFromTheCurrentDirectory() throws {
        try scratch.write("[OpenAI]\nMODEL = relative\n", to: "work/sub/my.ini")
        let config = try loader().load(configFile: "sub/my.ini")
        #expect(config.model == "relative")
    }

    @Test func azureEnvironmentVariables() throws {
        let config = try loader([
            "AZURE_OPENAI_API_KEY": "sdk-name-key",
            "AZURE_OPENAI_ENDPOINT": "https://example.openai.azure.com/",
            "AZURE_OPENAI_AD_TOKEN": "entra-token",
            "OPENAI_API_VERSION": "2025-04-01-preview",
        ]).load()
        #expect(config.credentials.azureKey?.value == "sdk-name-key")
        #expect(config.source(of: "AZURE_OPENAI_KEY") == .environment("AZURE_OPENAI_API_KEY"))
        #expect(config.credentials.azureEndpoint == "https://example.openai.azure.com")
        #expect(config.credentials.azureADToken?.value == "entra-token")
        #expect(config.azureAPIVersion == "2025-04-01-preview")
        #expect(config.credentials.azureAPIVersion == "2025-04-01-preview")
        #expect(config.source(of: "AZURE_API_VERSION") == .environment("OPENAI_API_VERSION"))

        // TinyTroupe's name wins when both are set; empty variables are ignored.
        let both = try loader(["AZURE_OPENAI_KEY": "tinytroupe-name", "AZURE_OPENAI_API_KEY": "sdk-name", "OPENAI_API_KEY": ""]).load()
        #expect(both.credentials.azureKey?.value == "tinytroupe-name")
        #expect(both.credentials.openAIKey == nil)
    }

    @Test func aBadValueNamesFileLineAndKey() throws {
        let path = try scratch.write("[OpenAI]\n# comment\n\nTEMPERATURE=warm\n", to: "work/config.ini")
        #expect {
            try loader().load()
        } throws: { error in
            guard case ConfigError.invalidValue(let key, let value, _, .file(let file), let line) = error else { return false }
            let text = "\(error)"
            return key == "TEMPERATURE" && value == "warm" && file == path && line == 4
                && text.contains("\(path):4") && text.contains("TEMPERATURE") && text.contains("warm")
        }
    }

    @Test func unknownAPITypeInAFileIsAnError() throws {
        let path = try scratch.write("[OpenAI]\nAPI_TYPE = bedrock\n", to: "work/config.ini")
        let error = #expect(throws: ConfigError.self) { try loader().load() }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains("\(path):2"))
        #expect(text.contains("API_TYPE"))
        #expect(text.contains("azure, local, openai"))
        // A registry with a custom client makes the same file valid.
        var custom = loader()
        custom.knownAPITypes = ["openai", "azure", "bedrock"]
        #expect(try custom.load().apiType == "bedrock")
    }

    @Test func aFileWithoutTheSectionIsAnError() throws {
        let path = try scratch.write("[Simulation]\nX = 1\n", to: "work/config.ini")
        #expect(throws: ConfigError.missingSection(file: path, section: "OpenAI")) { try loader().load() }
    }

    @Test func aMissingConfigFileIsAnErrorButMissingDefaultFilesAreNot() throws {
        #expect(throws: ConfigError.self) { try loader().load(configFile: scratch.file("nope.ini")) }
        #expect(try loader().load().model == TroupeConfig().model)
    }

    @Test func tinyTroupesOwnFileIsAccepted() throws {
        // Unknown keys and other sections are ignored, as configparser does.
        let text = """
            [OpenAI]
            API_TYPE=openai
            MODEL=gpt-5-mini
            EMBEDDING_MODEL=text-embedding-3-small 
            MAX_CONCURRENT_MODEL_CALLS=NONE
            CACHE_FILE_NAME=openai_api_cache.pickle
            MAX_CONTENT_DISPLAY_LENGTH=4000

            [Simulation]
            PARALLEL_AGENT_GENERATION=True

            [ActionGenerator]
            MAX_ATTEMPTS=2
            QUALITY_THRESHOLD = 5
            """
        try scratch.write(text, to: "work/config.ini")
        let config = try loader().load()
        #expect(config.model == "gpt-5-mini")
        #expect(config.embeddingModel == "text-embedding-3-small")
        #expect(config.maxConcurrentModelCalls == nil)
        #expect(config.maxAttempts == 5)
    }

    @Test func badEnvironmentAndFlagsAreErrorsNamingTheirSource() {
        #expect {
            try loader(["OPENAI_BASE_URL": "not a url"]).load()
        } throws: { "\($0)".contains("environment variable OPENAI_BASE_URL") && "\($0)".contains("BASE_URL") }
        #expect {
            try loader().load(flags: ["top_p": "1.5"])
        } throws: { "\($0)".contains("command-line flag") && "\($0)".contains("TOP_P") }
        #expect {
            try loader().load(flags: ["colour": "blue"])
        } throws: { "\($0)" == "unknown setting \"colour\"" }
        #expect {
            try loader().load(flags: ["temperatur": "1"])
        } throws: { "\($0)" == "unknown setting \"temperatur\"; did you mean TEMPERATURE?" }
    }
}
