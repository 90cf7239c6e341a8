import Foundation
import Testing
@testable import RecLabServer

/// `POST /predictions` says what is wrong with a body: a syntax error with its
/// byte offset, a wrong type with the key path and what was expected, a
/// missing or unknown key, a value out of range; always in the error envelope.
@Suite("Request bodies")
struct RequestBodyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        /// Phrases the message must contain.
        var says: [String]
        var testDescription: String { body.count > 60 ? String(body.prefix(60)) + "…" : body }
    }

    static let movie = ServerFixture.movieID(3)

    @Suite("Syntax errors name the byte offset")
    struct Syntax {
        static let cases: [Case] = [
            Case(body: "{not json", says: ["not valid JSON at byte 1 (line 1, column 2)", "expected a key in double quotes or '}', found 'n'"]),
            Case(body: "{\"pairs\": [{\"user\": 1, \"movie\": 3}]} x", says: ["at byte 37", "unexpected 'x' after the JSON value"]),
            Case(body: "{\"pairs\": [{\"user\": 1, \"movie\": 3}], }", says: ["at byte 37", "expected a key in double quotes after ',', found '}'"]),
            Case(body: "{\"pairs\": [{\"user\": 1, \"movie\": 3},]}", says: ["at byte 35", "expected a value", "found ']'"]),
            Case(body: "{\"pairs\": [{\"user\": 1, \"movie\": 3}", says: ["at byte 34", "expected ',' or ']' after an array element, found the end of the body"]),
            Case(body: "{\n  \"pairs\": [\n    {\"user\": 01, \"movie\": 3}\n  ]\n}", says: ["at byte 28 (line 3, column 14)", "leading zero"]),
            Case(body: "{\"pairs\" [] }", says: ["at byte 9", "expected ':' after key 'pairs', found '['"]),
            Case(body: "{\"pairs\": [], \"pairs\": []}", says: ["at byte 14", "duplicate key 'pairs'"]),
            Case(body: "{\"model\": \"sv\u{01}d\", \"pairs\": []}", says: ["at byte 13", "unescaped control character (byte 0x01)"]),
            Case(body: "{\"model\": \"\\x\", \"pairs\": []}", says: ["at byte 11", "invalid escape '\\x'"]),
            Case(body: "{\"model\": \"\\ud800\", \"pairs\": []}", says: ["at byte 11", "unpaired UTF-16 surrogate"]),
            Case(body: "{\"model\": \"abc", says: ["at byte 14", "unterminated string (it starts at byte 10)"]),
            Case(body: "{\"pairs\": [{\"user\": tru, \"movie\": 3}]}", says: ["at byte 20", "invalid literal, expected 'true'"]),
            Case(body: "{\"pairs\": [{\"user\": -, \"movie\": 3}]}", says: ["at byte 21", "expected a digit after '-', found ','"]),
            Case(body: "{\"pairs\": [{\"user\": 1., \"movie\": 3}]}", says: ["at byte 22", "expected a digit after the decimal point"]),
            Case(body: "{\"pairs\": [{\"user\": NaN, \"movie\": 3}]}", says: ["at byte 20", "expected a value", "found 'N'"]),
            Case(body: "{'pairs': []}", says: ["at byte 1", "found '''"]),
            Case(body: String(repeating: "[", count: 40), says: ["at byte 32", "nested deeper than 32 levels"]),
        ]

        @Test("a body that is not JSON: 400 with the offset and what was expected", arguments: cases)
        func syntax(_ c: Case) async throws {
            try await RequestBodyTests.expect400(c)
        }

        @Test("invalid UTF-8 inside a string is located at the string")
        func invalidUTF8() async throws {
            var body = Array("{\"model\": \"".utf8)
            body += [0xC3, 0x28]
            body += Array("\", \"pairs\": []}".utf8)
            try await RequestBodyTests.expect400(Data(body), says: ["at byte 10", "invalid UTF-8 in the string that starts at byte 10"])
        }
    }

    @Suite("Well-formed JSON of the wrong shape names the key")
    struct Shape {
        static let cases: [Case] = [
            // Wrong type: which key, what was expected, what was found.
            Case(body: "{\"model\": 3, \"pairs\": []}", says: ["model must be a string, got the number 3"]),
            Case(body: "{\"model\": null, \"pairs\": [{\"user\": 1, \"movie\": 3}]}", says: ["model must be a string, got null"]),
            Case(body: "{\"pairs\": {}}", says: ["pairs must be an array of {\"user\", \"movie\"} objects, got an object"]),
            Case(body: "{\"pairs\": [7]}", says: ["pairs[0] must be an object {\"user\": 1, \"movie\": 31}, got the number 7"]),
            Case(body: "{\"pairs\": [{\"user\": 1, \"movie\": \"3\"}]}", says: ["pairs[0].movie must be an integer, got the string \"3\""]),
            Case(body: "{\"pairs\": [{\"user\": true, \"movie\": 3}]}", says: ["pairs[0].user must be an integer, got true"]),
            Case(body: "{\"pairs\": [{\"user\": 1, \"movie\": 3}, {\"user\": 2.5e0, \"movie\": 3}]}",
                 says: ["pairs[1].user must be an integer, got the number 2.5e0"]),
            Case(body: "\"pairs\"", says: ["the body must be a JSON object {\"model\"", "got the string \"pairs\""]),
            // Missing and unknown keys.
            Case(body: "{}", says: ["missing key 'pairs' in the body"]),
            Case(body: "{\"pairs\": [{\"movie\": 3}]}", says: ["missing key 'user' in pairs[0]"]),
            Case(body: "{\"modle\": \"svd\", \"pairs\": [{\"user\": 1, \"movie\": 3}]}",
                 says: ["unknown key 'modle' in the body (expected: model, pairs)"]),
            Case(body: "{\"pairs\": [{\"user\": 1, \"movie\": 3, \"rating\": 4}]}", says: ["unknown key 'rating' in pairs[0] (expected: user, movie)"]),
            // Out of range.
            Case(body: "{\"pairs\": [{\"user\": 1e30, \"movie\": 3}]}",
                 says: ["pairs[0].user is out of range: 1e30 is not in -9223372036854775808...9223372036854775807"]),
            Case(body: "{\"pairs\": [{\"user\": 1, \"movie\": -99999999999999999999}]}", says: ["pairs[0].movie is out of range"]),
            Case(body: "{\"pairs\": []}", says: ["pairs must hold at least one {user, movie} pair"]),
        ]

        @Test("a body of the wrong shape: 400 naming the key, what was expected and what was found", arguments: cases)
        func shape(_ c: Case) async throws {
            try await RequestBodyTests.expect400(c)
        }

        @Test("integers written with a zero fraction or an exponent are integers, as in JSON Schema")
        func integralNumbers() async throws {
            let f = try await ServerFixture.get()
            try await f.withServer { c in
                let plain = try await c.post("/predictions", json: Data("{\"pairs\": [{\"user\": 1, \"movie\": \(movie)}]}".utf8))
                let written = try await c.post("/predictions", json: Data("{\"pairs\": [{\"user\": 1.0, \"movie\": \(Double(movie) / 10)e1}]}".utf8))
                #expect(plain.status == 200 && written.status == 200, "\(written.text)")
                #expect(plain.body == written.body)
            }
        }
    }

    @Test("JSONValue.integer reads integer literals exactly", arguments: [
        ("0", JSONValue.IntegerLiteral.value(0)), ("-0", .value(0)), ("31", .value(31)), ("-7", .value(-7)),
        ("31.0", .value(31)), ("3.1e1", .value(31)), ("310e-1", .value(31)), ("1E2", .value(100)), ("0.0e99999999", .value(0)),
        ("9223372036854775807", .value(Int.max)), ("-9223372036854775808", .value(Int.min)),
        ("9223372036854775808", .outOfRange), ("-9223372036854775809", .outOfRange), ("1e19", .outOfRange), ("1e99999999", .outOfRange),
        ("9.223372036854775807e18", .value(Int.max)), ("1.5", .fraction), ("31e-1", .fraction), ("1e-99999999", .fraction),
    ])
    func integerLiterals(_ text: String, _ want: JSONValue.IntegerLiteral) {
        #expect(JSONValue.integer(text) == want)
    }

    @Test("JSONValue.parse reads every kind of value, escapes and surrogate pairs included")
    func parseValues() throws {
        let text = #" {"a": [1, -2.5e3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83c\udfac"], "b": {}, "c": []} "#
        guard case .object(let members) = try JSONValue.parse(Array(text.utf8)) else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["a", "b", "c"])
        guard case .array(let a) = members[0].value, a.count == 6 else { Issue.record("a is not a 6-array"); return }
        guard case .number("-2.5e3") = a[1], case .bool(true) = a[2], case .bool(false) = a[3], case .null = a[4] else {
            Issue.record("scalars: \(a)"); return
        }
        guard case .string(let s) = a[5] else { Issue.record("not a string"); return }
        #expect(s == "x\"\\/\u{08}\u{0C}\n\r\té🎬")
    }

    // MARK: - Helpers

    static func expect400(_ c: Case) async throws {
        try await expect400(Data(c.body.utf8), says: c.says)
    }

    /// POSTs `body` and checks the 400: JSON content type, the error envelope with the same status, every phrase.
    static func expect400(_ body: Data, says: [String]) async throws {
        let f = try await ServerFixture.get()
        try await f.withServer { client in
            let r = try await client.post("/predictions", json: body)
            #expect(r.status == 400, "\(r.text)")
            #expect(r.contentType?.hasPrefix("application/json") == true)
            let e = try #require(r.error, "not a JSON error body: \(r.text.prefix(200))")
            #expect(e.error.status == 400)
            for phrase in says { #expect(e.error.message.contains(phrase), "message: \(e.error.message)") }
        }
    }
}
