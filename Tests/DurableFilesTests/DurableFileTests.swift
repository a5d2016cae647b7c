import DurableFiles
import Foundation
import Testing

@Suite("Durable files")
struct DurableFileTests {
    func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("durable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesAndReplacesWithoutLeftovers() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("state.json")
        try DurableFile.write("first", to: file)
        try DurableFile.write("second", to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["state.json"])
    }

    @Test func failureNamesTheFileAndLeavesNothing() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.json")
        let error = #expect(throws: DurableFileError.self) { try DurableFile.write("x", to: missing) }
        #expect(error?.description.contains("open failed") == true)
    }

    @Test func moveIsAtomic() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("a"), destination = directory.appendingPathComponent("b")
        try DurableFile.write("payload", to: source)
        try DurableFile.move(source, to: destination)
        #expect(!FileManager.default.fileExists(atPath: source.path))
        #expect(try String(contentsOf: destination, encoding: .utf8) == "payload")
    }
}
