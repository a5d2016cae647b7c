import Testing
import BabyJubJub

@Suite("Blake512")
struct Blake512Tests {
    /// BLAKE specification v1.3, Appendix A.4 / reference implementation test vectors.
    @Test(arguments: [
        (0, "a8cfbbd73726062df0c6864dda65defe58ef0cc52a5625090fa17601e1eecd1b628e94f396ae402a00acc9eab77b4d4c2e852aaaa25a636d80af3fc7913ef5b8"),
        (1, "97961587f6d970faba6d2478045de6d1fabd09b61ae50932054d52bc29d31be4ff9102b9f69e2bbdb83be13d4b9c06091e5fa0b48bd081b634058be0ec49beb3"),
        (144, "313717d608e9cf758dcb1eb0f0c3cf9fc150b2d500fb33f51c52afc99d358a2f1374b8a38bba7974e7f6ef79cab16f22ce1e649d6e01ad9589c213045d545dde"),
    ])
    func specificationVectors(zeroBytes: Int, digest: String) {
        #expect(hex(Blake512.hash([UInt8](repeating: 0, count: zeroBytes))) == digest)
    }

    /// Padding boundaries (111 bytes: a single 0x81 padding byte; 112: a block of padding only;
    /// multi-block messages) of 0xAB bytes. Digests computed with PyPI `blake256` 0.1.1 (Larry
    /// Bugbee's pure-Python BLAKE-224/256/384/512), an independent implementation; it also
    /// reproduces the three specification vectors above.
    @Test(arguments: [
        (111, "af3f3a115d6f77b3521ecdb6af01298f9c4791488a7a8a03267d5daaad68bf6bd2e3316009a48c83398333a3a61f60d6066830a0d063fd45cf405fa81d077b06"),
        (112, "92d9764124caac6f026ddf3b2acdfe79a403cdb59ba0d322fb5f50b9acfd508e715d83990e224c0fbb6fd6ebc6114303de684a2427d89ddf641d3546a876f251"),
        (127, "d6eeb29758bbcd979bcd695af2d7cdf2d292285af22c8b831677358d0fe451edc73b8e9492acb87e5ebf93e2c80956a65cbd4f478a1f6a3a7867dbca104f93b7"),
        (128, "377a2dbc95ceed516e722fe2c3b1b9c225dfd3256f5a3a7b6aa63ec1d4bbdd772170c69720584ef4f92cef20260dbc83da546f0b1302ee550f97447c69706e4b"),
        (239, "144f341217ff2f855fbe5cf33d82096c75a384b46dea6246969474206d34a060d0937b13b56348fef4eca8b2361e18f42df41703be7a9e9fa1e17b332286c4e5"),
        (240, "40b5de0d4f1d33d5ef81ea716b5bce175765ce8be78005c5ec103965826b1893c6c31c506fb52fa9d6d67f54f6e40b1e28ca5cbd87e349f10ceaae7b9c582a0c"),
        (256, "def7103bd083a9b11b4623145fd5da5fde9937b649cc3bebacbded22756c05d2c7286d6a1b5843c938883eec2779ce7d0265f22ad82b249719ffc8104d7cbedf"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(hex(Blake512.hash([UInt8](repeating: 0xAB, count: length))) == digest)
    }
}
