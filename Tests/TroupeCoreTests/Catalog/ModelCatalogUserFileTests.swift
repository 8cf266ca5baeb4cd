import Foundation
import Testing
@testable import TroupeCore

@Suite("Model catalog: the user's models file")
struct ModelCatalogUserFileTests {
    func catalog(_ text: String) throws -> (ModelCatalog, String) {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let path = try directory.write("models.yaml", text)
        return (try ModelCatalog.loading(userFile: path), path)
    }

    func error(_ text: String) throws -> (ModelCatalogError, String) {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let path = try directory.write("models.yaml", text)
        do {
            _ = try ModelCatalog.loading(userFile: path)
        } catch {
            return (error, path)
        }
        Issue.record("expected an error")
        return (.notAMapping(file: "", line: 0, model: nil), path)
    }

    @Test func azureDeploymentTakesTheFactsOfItsModel() throws {
        let (catalog, path) = try catalog("""
            # Azure deployments
            my-deployment: {model: gpt-4o}
            cheap-4o:
              model: gpt-4o-2024-08-06
              output: 9.5
            """)
        let deployment = try #require(catalog.facts(for: "my-deployment"))
        #expect(deployment.baseModel == "gpt-4o")
        #expect(deployment.contextWindow == 128_000)
        #expect(deployment.pricing.input == Decimal(string: "2.5"))
        #expect(deployment.origin == .userFile(path))
        #expect(deployment.userFields.isEmpty)
        let cheap = try #require(catalog.facts(for: "Cheap-4o"))
        #expect(cheap.pricing.output == Decimal(string: "9.5"))
        #expect(cheap.pricing.input == Decimal(string: "2.5"))
        #expect(!cheap.isConfirmed(.output))
        #expect(cheap.userFields == [.output])
        // The built-in entry is untouched.
        #expect(catalog.facts(for: "gpt-4o")?.pricing.output == 10)
        #expect(catalog.cost(of: TokenUsage(promptTokens: 0, completionTokens: 1_000_000), model: "cheap-4o")?.dollars == Decimal(string: "9.5"))
    }

    @Test func localModelEntry() throws {
        let (catalog, _) = try catalog("""
            qwen2.5-coder-0.5b-instruct-q4_k_m.gguf: {context: 4096, input: 0, output: 0}
            """)
        let local = try #require(catalog.facts(for: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"))
        #expect(local.contextWindow == 4096)
        #expect(catalog.contextWindow(for: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf") == 4096)
        #expect(!catalog.isReasoningModel("qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"))
        let cost = try #require(catalog.cost(of: TokenUsage(promptTokens: 500, completionTokens: 200), model: local.name))
        #expect(cost.formatted == "$0")
        // Built-in entries are still there.
        #expect(catalog.facts(for: "o3") != nil)
    }

    @Test func overridingOneFieldOfABuiltInEntry() throws {
        let (catalog, _) = try catalog("gpt-4o: {max_output: 8192}\no3: {model: o3, context: 100000}\n")
        let gpt4o = try #require(catalog.facts(for: "gpt-4o-2024-08-06"))
        #expect(gpt4o.maxOutputTokens == 8192)
        #expect(gpt4o.contextWindow == 128_000)
        #expect(gpt4o.baseModel == nil)
        #expect(catalog.facts(for: "o3")?.contextWindow == 100_000)
        #expect(catalog.isReasoningModel("o3"))
    }

    @Test func missingFileMeansTheBuiltInTable() throws {
        let catalog = try ModelCatalog.loading(userFile: "/nonexistent/troupe/models.yaml")
        #expect(catalog.entries.count == ModelCatalog.builtIn.entries.count)
        #expect(try ModelCatalog.loading(userFile: nil).entries.count == ModelCatalog.builtIn.entries.count)
    }

    @Test func emptyFileAddsNothing() throws {
        let (catalog, _) = try catalog("# nothing yet\n")
        #expect(catalog.entries.count == ModelCatalog.builtIn.entries.count)
    }

    @Test func badValueNamesFileLineAndField() throws {
        let (error, path) = try error("""
            ok-model: {context: 4096}
            bad-model:
              context: lots
            """)
        #expect(error == .invalidValue(
            file: path, line: 3, model: "bad-model", field: "context",
            expected: "a whole number of tokens, at least 1", found: "\"lots\""))
        #expect(error.description.hasPrefix("\(path):3: model \"bad-model\", field \"context\""))
    }

    @Test func negativePriceAndWrongTypes() throws {
        let (price, _) = try error("m:\n  input: -1\n")
        guard case .invalidValue(_, 2, "m", "input", _, "-1") = price else {
            Issue.record("got \(price)")
            return
        }
        let (flag, _) = try error("m: {reasoning: yes}\n")  // yes is a string in YAML 1.2
        guard case .invalidValue(_, 1, "m", "reasoning", "true or false", "\"yes\"") = flag else {
            Issue.record("got \(flag)")
            return
        }
    }

    @Test func unknownFieldIsNamed() throws {
        let (error, path) = try error("\n\nm:\n  contxt: 4096\n")
        #expect(error == .unknownField(file: path, line: 4, model: "m", field: "contxt"))
        #expect(error.description.contains("known fields: model, context"))
    }

    @Test func unknownBaseModelAndCycles() throws {
        let (unknown, path) = try error("dep: {model: gpt-9000}\n")
        #expect(unknown == .unknownBaseModel(file: path, line: 1, model: "dep", base: "gpt-9000"))
        let (cycle, _) = try error("a: {model: b}\nb: {model: a}\n")
        guard case .baseModelCycle(_, _, let models) = cycle else {
            Issue.record("got \(cycle)")
            return
        }
        #expect(models.count == 3)
    }

    @Test func notAMapping() throws {
        let (top, path) = try error("- gpt-4o\n- o3\n")
        #expect(top == .notAMapping(file: path, line: 1, model: nil))
        let (entry, entryPath) = try error("a: {context: 1}\nb: 12\n")
        #expect(entry == .notAMapping(file: entryPath, line: 2, model: "b"))
    }

    @Test func yamlSyntaxErrorHasALine() throws {
        let (error, path) = try error("a: {context: 1}\nb: [unclosed\nc: 3\n")
        guard case .yaml(let yaml) = error else {
            Issue.record("got \(error)")
            return
        }
        #expect(yaml.file == path)
        #expect(yaml.line >= 2)
        #expect(error.description.hasPrefix(path + ":"))
    }
}
