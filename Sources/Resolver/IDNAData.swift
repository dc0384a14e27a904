// Generated from the Unicode Character Database 16.0.0 (the version of Swift's Unicode
// properties) by scripts/gen-idna-data.py: the RFC 5892 derived property (Idna2008-16.0.0.txt:
// P = PVALID, J = CONTEXTJ, O = CONTEXTO; every other code point is DISALLOWED or UNASSIGNED),
// the Bidi_Class (DerivedBidiClass.txt, L omitted), the Joining_Type (DerivedJoiningType.txt, L D
// R T only) and five scripts the CONTEXTO rules name (Scripts.txt: G Greek, H Hebrew,
// I Hiragana, K Katakana, C Han). Unicode data, © Unicode, Inc., Unicode License V3.
// Each table is `first[-last]:value` ranges in hex, sorted, separated by spaces.

enum IDNAData {
    static let idna2008 = """
        2d:P 30-39:P 61-7a:P b7:O df-f6:P f8-ff:P 101:P 103:P 105:P 107:P 109:P 10b:P 10d:P 10f:P 111:P 113:P 115:P
        117:P 119:P 11b:P 11d:P 11f:P 121:P 123:P 125:P 127:P 129:P 12b:P 12d:P 12f:P 131:P 135:P 137-138:P 13a:P
        13c:P 13e:P 142:P 144:P 146:P 148:P 14b:P 14d:P 14f:P 151:P 153:P 155:P 157:P 159:P 15b:P 15d:P 15f:P 161:P
        163:P 165:P 167:P 169:P 16b:P 16d:P 16f:P 171:P 173:P 175:P 177:P 17a:P 17c:P 17e:P 180:P 183:P 185:P 188:P
        18c-18d:P 192:P 195:P 199-19b:P 19e:P 1a1:P 1a3:P 1a5:P 1a8:P 1aa-1ab:P 1ad:P 1b0:P 1b4:P 1b6:P 1b9-1bb:P
        1bd-1c3:P 1ce:P 1d0:P 1d2:P 1d4:P 1d6:P 1d8:P 1da:P 1dc-1dd:P 1df:P 1e1:P 1e3:P 1e5:P 1e7:P 1e9:P 1eb:P 1ed:P
        1ef-1f0:P 1f5:P 1f9:P 1fb:P 1fd:P 1ff:P 201:P 203:P 205:P 207:P 209:P 20b:P 20d:P 20f:P 211:P 213:P 215:P
        217:P 219:P 21b:P 21d:P 21f:P 221:P 223:P 225:P 227:P 229:P 22b:P 22d:P 22f:P 231:P 233-239:P 23c:P 23f-240:P
        242:P 247:P 249:P 24b:P 24d:P 24f-2af:P 2b9-2c1:P 2c6-2d1:P 2ec:P 2ee:P 300-33f:P 342:P 346-34e:P 350-36f:P
        371:P 373:P 375:O 377:P 37b-37d:P 390:P 3ac-3ce:P 3d7:P 3d9:P 3db:P 3dd:P 3df:P 3e1:P 3e3:P 3e5:P 3e7:P 3e9:P
        3eb:P 3ed:P 3ef:P 3f3:P 3f8:P 3fb-3fc:P 430-45f:P 461:P 463:P 465:P 467:P 469:P 46b:P 46d:P 46f:P 471:P 473:P
        475:P 477:P 479:P 47b:P 47d:P 47f:P 481:P 483-487:P 48b:P 48d:P 48f:P 491:P 493:P 495:P 497:P 499:P 49b:P
        49d:P 49f:P 4a1:P 4a3:P 4a5:P 4a7:P 4a9:P 4ab:P 4ad:P 4af:P 4b1:P 4b3:P 4b5:P 4b7:P 4b9:P 4bb:P 4bd:P 4bf:P
        4c2:P 4c4:P 4c6:P 4c8:P 4ca:P 4cc:P 4ce-4cf:P 4d1:P 4d3:P 4d5:P 4d7:P 4d9:P 4db:P 4dd:P 4df:P 4e1:P 4e3:P
        4e5:P 4e7:P 4e9:P 4eb:P 4ed:P 4ef:P 4f1:P 4f3:P 4f5:P 4f7:P 4f9:P 4fb:P 4fd:P 4ff:P 501:P 503:P 505:P 507:P
        509:P 50b:P 50d:P 50f:P 511:P 513:P 515:P 517:P 519:P 51b:P 51d:P 51f:P 521:P 523:P 525:P 527:P 529:P 52b:P
        52d:P 52f:P 559:P 560-586:P 588:P 591-5bd:P 5bf:P 5c1-5c2:P 5c4-5c5:P 5c7:P 5d0-5ea:P 5ef-5f2:P 5f3-5f4:O
        610-61a:P 620-63f:P 641-65f:P 660-669:O 66e-674:P 679-6d3:P 6d5-6dc:P 6df-6e8:P 6ea-6ef:P 6f0-6f9:O 6fa-6ff:P
        710-74a:P 74d-7b1:P 7c0-7f5:P 7fd:P 800-82d:P 840-85b:P 860-86a:P 870-887:P 889-88e:P 897-8e1:P 8e3-957:P
        960-963:P 966-96f:P 971-983:P 985-98c:P 98f-990:P 993-9a8:P 9aa-9b0:P 9b2:P 9b6-9b9:P 9bc-9c4:P 9c7-9c8:P
        9cb-9ce:P 9d7:P 9e0-9e3:P 9e6-9f1:P 9fc:P 9fe:P a01-a03:P a05-a0a:P a0f-a10:P a13-a28:P a2a-a30:P a32:P a35:P
        a38-a39:P a3c:P a3e-a42:P a47-a48:P a4b-a4d:P a51:P a5c:P a66-a75:P a81-a83:P a85-a8d:P a8f-a91:P a93-aa8:P
        aaa-ab0:P ab2-ab3:P ab5-ab9:P abc-ac5:P ac7-ac9:P acb-acd:P ad0:P ae0-ae3:P ae6-aef:P af9-aff:P b01-b03:P
        b05-b0c:P b0f-b10:P b13-b28:P b2a-b30:P b32-b33:P b35-b39:P b3c-b44:P b47-b48:P b4b-b4d:P b55-b57:P b5f-b63:P
        b66-b6f:P b71:P b82-b83:P b85-b8a:P b8e-b90:P b92-b95:P b99-b9a:P b9c:P b9e-b9f:P ba3-ba4:P ba8-baa:P
        bae-bb9:P bbe-bc2:P bc6-bc8:P bca-bcd:P bd0:P bd7:P be6-bef:P c00-c0c:P c0e-c10:P c12-c28:P c2a-c39:P
        c3c-c44:P c46-c48:P c4a-c4d:P c55-c56:P c58-c5a:P c5d:P c60-c63:P c66-c6f:P c80-c83:P c85-c8c:P c8e-c90:P
        c92-ca8:P caa-cb3:P cb5-cb9:P cbc-cc4:P cc6-cc8:P cca-ccd:P cd5-cd6:P cdd-cde:P ce0-ce3:P ce6-cef:P cf1-cf3:P
        d00-d0c:P d0e-d10:P d12-d44:P d46-d48:P d4a-d4e:P d54-d57:P d5f-d63:P d66-d6f:P d7a-d7f:P d81-d83:P d85-d96:P
        d9a-db1:P db3-dbb:P dbd:P dc0-dc6:P dca:P dcf-dd4:P dd6:P dd8-ddf:P de6-def:P df2-df3:P e01-e32:P e34-e3a:P
        e40-e4e:P e50-e59:P e81-e82:P e84:P e86-e8a:P e8c-ea3:P ea5:P ea7-eb2:P eb4-ebd:P ec0-ec4:P ec6:P ec8-ece:P
        ed0-ed9:P ede-edf:P f00:P f0b:P f18-f19:P f20-f29:P f35:P f37:P f39:P f3e-f42:P f44-f47:P f49-f4c:P f4e-f51:P
        f53-f56:P f58-f5b:P f5d-f68:P f6a-f6c:P f71-f72:P f74:P f7a-f80:P f82-f84:P f86-f92:P f94-f97:P f99-f9c:P
        f9e-fa1:P fa3-fa6:P fa8-fab:P fad-fb8:P fba-fbc:P fc6:P 1000-1049:P 1050-109d:P 10d0-10fa:P 10fd-10ff:P
        1200-1248:P 124a-124d:P 1250-1256:P 1258:P 125a-125d:P 1260-1288:P 128a-128d:P 1290-12b0:P 12b2-12b5:P
        12b8-12be:P 12c0:P 12c2-12c5:P 12c8-12d6:P 12d8-1310:P 1312-1315:P 1318-135a:P 135d-135f:P 1380-138f:P
        13a0-13f5:P 1401-166c:P 166f-167f:P 1681-169a:P 16a0-16ea:P 16f1-16f8:P 1700-1715:P 171f-1734:P 1740-1753:P
        1760-176c:P 176e-1770:P 1772-1773:P 1780-17b3:P 17b6-17d3:P 17d7:P 17dc-17dd:P 17e0-17e9:P 1810-1819:P
        1820-1878:P 1880-18aa:P 18b0-18f5:P 1900-191e:P 1920-192b:P 1930-193b:P 1946-196d:P 1970-1974:P 1980-19ab:P
        19b0-19c9:P 19d0-19d9:P 1a00-1a1b:P 1a20-1a5e:P 1a60-1a7c:P 1a7f-1a89:P 1a90-1a99:P 1aa7:P 1ab0-1abd:P
        1abf-1ace:P 1b00-1b4c:P 1b50-1b59:P 1b6b-1b73:P 1b80-1bf3:P 1c00-1c37:P 1c40-1c49:P 1c4d-1c7d:P 1c8a:P
        1cd0-1cd2:P 1cd4-1cfa:P 1d00-1d2b:P 1d2f:P 1d3b:P 1d4e:P 1d6b-1d77:P 1d79-1d9a:P 1dc0-1dff:P 1e01:P 1e03:P
        1e05:P 1e07:P 1e09:P 1e0b:P 1e0d:P 1e0f:P 1e11:P 1e13:P 1e15:P 1e17:P 1e19:P 1e1b:P 1e1d:P 1e1f:P 1e21:P
        1e23:P 1e25:P 1e27:P 1e29:P 1e2b:P 1e2d:P 1e2f:P 1e31:P 1e33:P 1e35:P 1e37:P 1e39:P 1e3b:P 1e3d:P 1e3f:P
        1e41:P 1e43:P 1e45:P 1e47:P 1e49:P 1e4b:P 1e4d:P 1e4f:P 1e51:P 1e53:P 1e55:P 1e57:P 1e59:P 1e5b:P 1e5d:P
        1e5f:P 1e61:P 1e63:P 1e65:P 1e67:P 1e69:P 1e6b:P 1e6d:P 1e6f:P 1e71:P 1e73:P 1e75:P 1e77:P 1e79:P 1e7b:P
        1e7d:P 1e7f:P 1e81:P 1e83:P 1e85:P 1e87:P 1e89:P 1e8b:P 1e8d:P 1e8f:P 1e91:P 1e93:P 1e95-1e99:P 1e9c-1e9d:P
        1e9f:P 1ea1:P 1ea3:P 1ea5:P 1ea7:P 1ea9:P 1eab:P 1ead:P 1eaf:P 1eb1:P 1eb3:P 1eb5:P 1eb7:P 1eb9:P 1ebb:P
        1ebd:P 1ebf:P 1ec1:P 1ec3:P 1ec5:P 1ec7:P 1ec9:P 1ecb:P 1ecd:P 1ecf:P 1ed1:P 1ed3:P 1ed5:P 1ed7:P 1ed9:P
        1edb:P 1edd:P 1edf:P 1ee1:P 1ee3:P 1ee5:P 1ee7:P 1ee9:P 1eeb:P 1eed:P 1eef:P 1ef1:P 1ef3:P 1ef5:P 1ef7:P
        1ef9:P 1efb:P 1efd:P 1eff-1f07:P 1f10-1f15:P 1f20-1f27:P 1f30-1f37:P 1f40-1f45:P 1f50-1f57:P 1f60-1f67:P
        1f70:P 1f72:P 1f74:P 1f76:P 1f78:P 1f7a:P 1f7c:P 1fb0-1fb1:P 1fb6:P 1fc6:P 1fd0-1fd2:P 1fd6-1fd7:P 1fe0-1fe2:P
        1fe4-1fe7:P 1ff6:P 200c-200d:J 214e:P 2184:P 2c30-2c5f:P 2c61:P 2c65-2c66:P 2c68:P 2c6a:P 2c6c:P 2c71:P
        2c73-2c74:P 2c76-2c7b:P 2c81:P 2c83:P 2c85:P 2c87:P 2c89:P 2c8b:P 2c8d:P 2c8f:P 2c91:P 2c93:P 2c95:P 2c97:P
        2c99:P 2c9b:P 2c9d:P 2c9f:P 2ca1:P 2ca3:P 2ca5:P 2ca7:P 2ca9:P 2cab:P 2cad:P 2caf:P 2cb1:P 2cb3:P 2cb5:P
        2cb7:P 2cb9:P 2cbb:P 2cbd:P 2cbf:P 2cc1:P 2cc3:P 2cc5:P 2cc7:P 2cc9:P 2ccb:P 2ccd:P 2ccf:P 2cd1:P 2cd3:P
        2cd5:P 2cd7:P 2cd9:P 2cdb:P 2cdd:P 2cdf:P 2ce1:P 2ce3-2ce4:P 2cec:P 2cee-2cf1:P 2cf3:P 2d00-2d25:P 2d27:P
        2d2d:P 2d30-2d67:P 2d7f-2d96:P 2da0-2da6:P 2da8-2dae:P 2db0-2db6:P 2db8-2dbe:P 2dc0-2dc6:P 2dc8-2dce:P
        2dd0-2dd6:P 2dd8-2dde:P 2de0-2dff:P 2e2f:P 3005-3007:P 302a-302d:P 303c:P 3041-3096:P 3099-309a:P 309d-309e:P
        30a1-30fa:P 30fb:O 30fc-30fe:P 3105-312f:P 31a0-31bf:P 31f0-31ff:P 3400-4dbf:P 4e00-a48c:P a4d0-a4fd:P
        a500-a60c:P a610-a62b:P a641:P a643:P a645:P a647:P a649:P a64b:P a64d:P a64f:P a651:P a653:P a655:P a657:P
        a659:P a65b:P a65d:P a65f:P a661:P a663:P a665:P a667:P a669:P a66b:P a66d-a66f:P a674-a67d:P a67f:P a681:P
        a683:P a685:P a687:P a689:P a68b:P a68d:P a68f:P a691:P a693:P a695:P a697:P a699:P a69b:P a69e-a6e5:P
        a6f0-a6f1:P a717-a71f:P a723:P a725:P a727:P a729:P a72b:P a72d:P a72f-a731:P a733:P a735:P a737:P a739:P
        a73b:P a73d:P a73f:P a741:P a743:P a745:P a747:P a749:P a74b:P a74d:P a74f:P a751:P a753:P a755:P a757:P
        a759:P a75b:P a75d:P a75f:P a761:P a763:P a765:P a767:P a769:P a76b:P a76d:P a76f:P a771-a778:P a77a:P a77c:P
        a77f:P a781:P a783:P a785:P a787-a788:P a78c:P a78e-a78f:P a791:P a793-a795:P a797:P a799:P a79b:P a79d:P
        a79f:P a7a1:P a7a3:P a7a5:P a7a7:P a7a9:P a7af:P a7b5:P a7b7:P a7b9:P a7bb:P a7bd:P a7bf:P a7c1:P a7c3:P
        a7c8:P a7ca:P a7cd:P a7d1:P a7d3:P a7d5:P a7d7:P a7d9:P a7db:P a7f6-a7f7:P a7fa-a827:P a82c:P a840-a873:P
        a880-a8c5:P a8d0-a8d9:P a8e0-a8f7:P a8fb:P a8fd-a92d:P a930-a953:P a980-a9c0:P a9cf-a9d9:P a9e0-a9fe:P
        aa00-aa36:P aa40-aa4d:P aa50-aa59:P aa60-aa76:P aa7a-aac2:P aadb-aadd:P aae0-aaef:P aaf2-aaf6:P ab01-ab06:P
        ab09-ab0e:P ab11-ab16:P ab20-ab26:P ab28-ab2e:P ab30-ab5a:P ab60-ab68:P abc0-abea:P abec-abed:P abf0-abf9:P
        ac00-d7a3:P fa0e-fa0f:P fa11:P fa13-fa14:P fa1f:P fa21:P fa23-fa24:P fa27-fa29:P fb1e:P fe20-fe2f:P fe73:P
        10000-1000b:P 1000d-10026:P 10028-1003a:P 1003c-1003d:P 1003f-1004d:P 10050-1005d:P 10080-100fa:P 101fd:P
        10280-1029c:P 102a0-102d0:P 102e0:P 10300-1031f:P 1032d-10340:P 10342-10349:P 10350-1037a:P 10380-1039d:P
        103a0-103c3:P 103c8-103cf:P 10428-1049d:P 104a0-104a9:P 104d8-104fb:P 10500-10527:P 10530-10563:P
        10597-105a1:P 105a3-105b1:P 105b3-105b9:P 105bb-105bc:P 105c0-105f3:P 10600-10736:P 10740-10755:P
        10760-10767:P 10780:P 10800-10805:P 10808:P 1080a-10835:P 10837-10838:P 1083c:P 1083f-10855:P 10860-10876:P
        10880-1089e:P 108e0-108f2:P 108f4-108f5:P 10900-10915:P 10920-10939:P 10980-109b7:P 109be-109bf:P
        10a00-10a03:P 10a05-10a06:P 10a0c-10a13:P 10a15-10a17:P 10a19-10a35:P 10a38-10a3a:P 10a3f:P 10a60-10a7c:P
        10a80-10a9c:P 10ac0-10ac7:P 10ac9-10ae6:P 10b00-10b35:P 10b40-10b55:P 10b60-10b72:P 10b80-10b91:P
        10c00-10c48:P 10cc0-10cf2:P 10d00-10d27:P 10d30-10d39:P 10d40-10d4f:P 10d69-10d6d:P 10d6f-10d85:P
        10e80-10ea9:P 10eab-10eac:P 10eb0-10eb1:P 10ec2-10ec4:P 10efc-10f1c:P 10f27:P 10f30-10f50:P 10f70-10f85:P
        10fb0-10fc4:P 10fe0-10ff6:P 11000-11046:P 11066-11075:P 1107f-110ba:P 110c2:P 110d0-110e8:P 110f0-110f9:P
        11100-11134:P 11136-1113f:P 11144-11147:P 11150-11173:P 11176:P 11180-111c4:P 111c9-111cc:P 111ce-111da:P
        111dc:P 11200-11211:P 11213-11237:P 1123e-11241:P 11280-11286:P 11288:P 1128a-1128d:P 1128f-1129d:P
        1129f-112a8:P 112b0-112ea:P 112f0-112f9:P 11300-11303:P 11305-1130c:P 1130f-11310:P 11313-11328:P
        1132a-11330:P 11332-11333:P 11335-11339:P 1133b-11344:P 11347-11348:P 1134b-1134d:P 11350:P 11357:P
        1135d-11363:P 11366-1136c:P 11370-11374:P 11380-11389:P 1138b:P 1138e:P 11390-113b5:P 113b7-113c0:P 113c2:P
        113c5:P 113c7-113ca:P 113cc-113d3:P 113e1-113e2:P 11400-1144a:P 11450-11459:P 1145e-11461:P 11480-114c5:P
        114c7:P 114d0-114d9:P 11580-115b5:P 115b8-115c0:P 115d8-115dd:P 11600-11640:P 11644:P 11650-11659:P
        11680-116b8:P 116c0-116c9:P 116d0-116e3:P 11700-1171a:P 1171d-1172b:P 11730-11739:P 11740-11746:P
        11800-1183a:P 118c0-118e9:P 118ff-11906:P 11909:P 1190c-11913:P 11915-11916:P 11918-11935:P 11937-11938:P
        1193b-11943:P 11950-11959:P 119a0-119a7:P 119aa-119d7:P 119da-119e1:P 119e3-119e4:P 11a00-11a3e:P 11a47:P
        11a50-11a99:P 11a9d:P 11ab0-11af8:P 11bc0-11be0:P 11bf0-11bf9:P 11c00-11c08:P 11c0a-11c36:P 11c38-11c40:P
        11c50-11c59:P 11c72-11c8f:P 11c92-11ca7:P 11ca9-11cb6:P 11d00-11d06:P 11d08-11d09:P 11d0b-11d36:P 11d3a:P
        11d3c-11d3d:P 11d3f-11d47:P 11d50-11d59:P 11d60-11d65:P 11d67-11d68:P 11d6a-11d8e:P 11d90-11d91:P
        11d93-11d98:P 11da0-11da9:P 11ee0-11ef6:P 11f00-11f10:P 11f12-11f3a:P 11f3e-11f42:P 11f50-11f5a:P 11fb0:P
        12000-12399:P 12480-12543:P 12f90-12ff0:P 13000-1342f:P 13440-13455:P 13460-143fa:P 14400-14646:P
        16100-16139:P 16800-16a38:P 16a40-16a5e:P 16a60-16a69:P 16a70-16abe:P 16ac0-16ac9:P 16ad0-16aed:P
        16af0-16af4:P 16b00-16b36:P 16b40-16b43:P 16b50-16b59:P 16b63-16b77:P 16b7d-16b8f:P 16d40-16d6c:P
        16d70-16d79:P 16e60-16e7f:P 16f00-16f4a:P 16f4f-16f87:P 16f8f-16f9f:P 16fe0-16fe1:P 16fe3-16fe4:P
        16ff0-16ff1:P 17000-187f7:P 18800-18cd5:P 18cff-18d08:P 1aff0-1aff3:P 1aff5-1affb:P 1affd-1affe:P
        1b000-1b122:P 1b132:P 1b150-1b152:P 1b155:P 1b164-1b167:P 1b170-1b2fb:P 1bc00-1bc6a:P 1bc70-1bc7c:P
        1bc80-1bc88:P 1bc90-1bc99:P 1bc9d-1bc9e:P 1cf00-1cf2d:P 1cf30-1cf46:P 1da00-1da36:P 1da3b-1da6c:P 1da75:P
        1da84:P 1da9b-1da9f:P 1daa1-1daaf:P 1df00-1df1e:P 1df25-1df2a:P 1e000-1e006:P 1e008-1e018:P 1e01b-1e021:P
        1e023-1e024:P 1e026-1e02a:P 1e08f:P 1e100-1e12c:P 1e130-1e13d:P 1e140-1e149:P 1e14e:P 1e290-1e2ae:P
        1e2c0-1e2f9:P 1e4d0-1e4f9:P 1e5d0-1e5fa:P 1e7e0-1e7e6:P 1e7e8-1e7eb:P 1e7ed-1e7ee:P 1e7f0-1e7fe:P
        1e800-1e8c4:P 1e8d0-1e8d6:P 1e922-1e94b:P 1e950-1e959:P 20000-2a6df:P 2a700-2b739:P 2b740-2b81d:P
        2b820-2cea1:P 2ceb0-2ebe0:P 2ebf0-2ee5d:P 30000-3134a:P 31350-323af:P
        """

    static let bidiClass = """
        0-8:BN 9:S a:B b:S c:WS d:B e-1b:BN 1c-1e:B 1f:S 20:WS 21-22:ON 23-25:ET 26-2a:ON 2b:ES 2c:CS 2d:ES 2e-2f:CS
        30-39:EN 3a:CS 3b-40:ON 5b-60:ON 7b-7e:ON 7f-84:BN 85:B 86-9f:BN a0:CS a1:ON a2-a5:ET a6-a9:ON ab-ac:ON ad:BN
        ae-af:ON b0-b1:ET b2-b3:EN b4:ON b6-b8:ON b9:EN bb-bf:ON d7:ON f7:ON 2b9-2ba:ON 2c2-2cf:ON 2d2-2df:ON
        2e5-2ed:ON 2ef-2ff:ON 300-36f:NSM 374-375:ON 37e:ON 384-385:ON 387:ON 3f6:ON 483-489:NSM 58a:ON 58d-58e:ON
        58f:ET 591-5bd:NSM 5be:R 5bf:NSM 5c0:R 5c1-5c2:NSM 5c3:R 5c4-5c5:NSM 5c6:R 5c7:NSM 5d0-5ea:R 5ef-5f4:R
        600-605:AN 606-607:ON 608:AL 609-60a:ET 60b:AL 60c:CS 60d:AL 60e-60f:ON 610-61a:NSM 61b-64a:AL 64b-65f:NSM
        660-669:AN 66a:ET 66b-66c:AN 66d-66f:AL 670:NSM 671-6d5:AL 6d6-6dc:NSM 6dd:AN 6de:ON 6df-6e4:NSM 6e5-6e6:AL
        6e7-6e8:NSM 6e9:ON 6ea-6ed:NSM 6ee-6ef:AL 6f0-6f9:EN 6fa-70d:AL 70f-710:AL 711:NSM 712-72f:AL 730-74a:NSM
        74d-7a5:AL 7a6-7b0:NSM 7b1:AL 7c0-7ea:R 7eb-7f3:NSM 7f4-7f5:R 7f6-7f9:ON 7fa:R 7fd:NSM 7fe-815:R 816-819:NSM
        81a:R 81b-823:NSM 824:R 825-827:NSM 828:R 829-82d:NSM 830-83e:R 840-858:R 859-85b:NSM 85e:R 860-86a:AL
        870-88e:AL 890-891:AN 897-89f:NSM 8a0-8c9:AL 8ca-8e1:NSM 8e2:AN 8e3-902:NSM 93a:NSM 93c:NSM 941-948:NSM
        94d:NSM 951-957:NSM 962-963:NSM 981:NSM 9bc:NSM 9c1-9c4:NSM 9cd:NSM 9e2-9e3:NSM 9f2-9f3:ET 9fb:ET 9fe:NSM
        a01-a02:NSM a3c:NSM a41-a42:NSM a47-a48:NSM a4b-a4d:NSM a51:NSM a70-a71:NSM a75:NSM a81-a82:NSM abc:NSM
        ac1-ac5:NSM ac7-ac8:NSM acd:NSM ae2-ae3:NSM af1:ET afa-aff:NSM b01:NSM b3c:NSM b3f:NSM b41-b44:NSM b4d:NSM
        b55-b56:NSM b62-b63:NSM b82:NSM bc0:NSM bcd:NSM bf3-bf8:ON bf9:ET bfa:ON c00:NSM c04:NSM c3c:NSM c3e-c40:NSM
        c46-c48:NSM c4a-c4d:NSM c55-c56:NSM c62-c63:NSM c78-c7e:ON c81:NSM cbc:NSM ccc-ccd:NSM ce2-ce3:NSM d00-d01:NSM
        d3b-d3c:NSM d41-d44:NSM d4d:NSM d62-d63:NSM d81:NSM dca:NSM dd2-dd4:NSM dd6:NSM e31:NSM e34-e3a:NSM e3f:ET
        e47-e4e:NSM eb1:NSM eb4-ebc:NSM ec8-ece:NSM f18-f19:NSM f35:NSM f37:NSM f39:NSM f3a-f3d:ON f71-f7e:NSM
        f80-f84:NSM f86-f87:NSM f8d-f97:NSM f99-fbc:NSM fc6:NSM 102d-1030:NSM 1032-1037:NSM 1039-103a:NSM
        103d-103e:NSM 1058-1059:NSM 105e-1060:NSM 1071-1074:NSM 1082:NSM 1085-1086:NSM 108d:NSM 109d:NSM 135d-135f:NSM
        1390-1399:ON 1400:ON 1680:WS 169b-169c:ON 1712-1714:NSM 1732-1733:NSM 1752-1753:NSM 1772-1773:NSM
        17b4-17b5:NSM 17b7-17bd:NSM 17c6:NSM 17c9-17d3:NSM 17db:ET 17dd:NSM 17f0-17f9:ON 1800-180a:ON 180b-180d:NSM
        180e:BN 180f:NSM 1885-1886:NSM 18a9:NSM 1920-1922:NSM 1927-1928:NSM 1932:NSM 1939-193b:NSM 1940:ON
        1944-1945:ON 19de-19ff:ON 1a17-1a18:NSM 1a1b:NSM 1a56:NSM 1a58-1a5e:NSM 1a60:NSM 1a62:NSM 1a65-1a6c:NSM
        1a73-1a7c:NSM 1a7f:NSM 1ab0-1ace:NSM 1b00-1b03:NSM 1b34:NSM 1b36-1b3a:NSM 1b3c:NSM 1b42:NSM 1b6b-1b73:NSM
        1b80-1b81:NSM 1ba2-1ba5:NSM 1ba8-1ba9:NSM 1bab-1bad:NSM 1be6:NSM 1be8-1be9:NSM 1bed:NSM 1bef-1bf1:NSM
        1c2c-1c33:NSM 1c36-1c37:NSM 1cd0-1cd2:NSM 1cd4-1ce0:NSM 1ce2-1ce8:NSM 1ced:NSM 1cf4:NSM 1cf8-1cf9:NSM
        1dc0-1dff:NSM 1fbd:ON 1fbf-1fc1:ON 1fcd-1fcf:ON 1fdd-1fdf:ON 1fed-1fef:ON 1ffd-1ffe:ON 2000-200a:WS
        200b-200d:BN 200f:R 2010-2027:ON 2028:WS 2029:B 202a:LRE 202b:RLE 202c:PDF 202d:LRO 202e:RLO 202f:CS
        2030-2034:ET 2035-2043:ON 2044:CS 2045-205e:ON 205f:WS 2060-2065:BN 2066:LRI 2067:RLI 2068:FSI 2069:PDI
        206a-206f:BN 2070:EN 2074-2079:EN 207a-207b:ES 207c-207e:ON 2080-2089:EN 208a-208b:ES 208c-208e:ON
        20a0-20c0:ET 20d0-20f0:NSM 2100-2101:ON 2103-2106:ON 2108-2109:ON 2114:ON 2116-2118:ON 211e-2123:ON 2125:ON
        2127:ON 2129:ON 212e:ET 213a-213b:ON 2140-2144:ON 214a-214d:ON 2150-215f:ON 2189-218b:ON 2190-2211:ON 2212:ES
        2213:ET 2214-2335:ON 237b-2394:ON 2396-2429:ON 2440-244a:ON 2460-2487:ON 2488-249b:EN 24ea-26ab:ON
        26ad-27ff:ON 2900-2b73:ON 2b76-2b95:ON 2b97-2bff:ON 2ce5-2cea:ON 2cef-2cf1:NSM 2cf9-2cff:ON 2d7f:NSM
        2de0-2dff:NSM 2e00-2e5d:ON 2e80-2e99:ON 2e9b-2ef3:ON 2f00-2fd5:ON 2ff0-2fff:ON 3000:WS 3001-3004:ON
        3008-3020:ON 302a-302d:NSM 3030:ON 3036-3037:ON 303d-303f:ON 3099-309a:NSM 309b-309c:ON 30a0:ON 30fb:ON
        31c0-31e5:ON 31ef:ON 321d-321e:ON 3250-325f:ON 327c-327e:ON 32b1-32bf:ON 32cc-32cf:ON 3377-337a:ON
        33de-33df:ON 33ff:ON 4dc0-4dff:ON a490-a4c6:ON a60d-a60f:ON a66f-a672:NSM a673:ON a674-a67d:NSM a67e-a67f:ON
        a69e-a69f:NSM a6f0-a6f1:NSM a700-a721:ON a788:ON a802:NSM a806:NSM a80b:NSM a825-a826:NSM a828-a82b:ON
        a82c:NSM a838-a839:ET a874-a877:ON a8c4-a8c5:NSM a8e0-a8f1:NSM a8ff:NSM a926-a92d:NSM a947-a951:NSM
        a980-a982:NSM a9b3:NSM a9b6-a9b9:NSM a9bc-a9bd:NSM a9e5:NSM aa29-aa2e:NSM aa31-aa32:NSM aa35-aa36:NSM aa43:NSM
        aa4c:NSM aa7c:NSM aab0:NSM aab2-aab4:NSM aab7-aab8:NSM aabe-aabf:NSM aac1:NSM aaec-aaed:NSM aaf6:NSM
        ab6a-ab6b:ON abe5:NSM abe8:NSM abed:NSM fb1d:R fb1e:NSM fb1f-fb28:R fb29:ES fb2a-fb36:R fb38-fb3c:R fb3e:R
        fb40-fb41:R fb43-fb44:R fb46-fb4f:R fb50-fbc2:AL fbd3-fd3d:AL fd3e-fd4f:ON fd50-fd8f:AL fd92-fdc7:AL fdcf:ON
        fdd0-fdef:BN fdf0-fdfc:AL fdfd-fdff:ON fe00-fe0f:NSM fe10-fe19:ON fe20-fe2f:NSM fe30-fe4f:ON fe50:CS fe51:ON
        fe52:CS fe54:ON fe55:CS fe56-fe5e:ON fe5f:ET fe60-fe61:ON fe62-fe63:ES fe64-fe66:ON fe68:ON fe69-fe6a:ET
        fe6b:ON fe70-fe74:AL fe76-fefc:AL feff:BN ff01-ff02:ON ff03-ff05:ET ff06-ff0a:ON ff0b:ES ff0c:CS ff0d:ES
        ff0e-ff0f:CS ff10-ff19:EN ff1a:CS ff1b-ff20:ON ff3b-ff40:ON ff5b-ff65:ON ffe0-ffe1:ET ffe2-ffe4:ON
        ffe5-ffe6:ET ffe8-ffee:ON fff0-fff8:BN fff9-fffd:ON fffe-ffff:BN 10101:ON 10140-1018c:ON 10190-1019c:ON
        101a0:ON 101fd:NSM 102e0:NSM 102e1-102fb:EN 10376-1037a:NSM 10800-10805:R 10808:R 1080a-10835:R 10837-10838:R
        1083c:R 1083f-10855:R 10857-1089e:R 108a7-108af:R 108e0-108f2:R 108f4-108f5:R 108fb-1091b:R 1091f:ON
        10920-10939:R 1093f:R 10980-109b7:R 109bc-109cf:R 109d2-10a00:R 10a01-10a03:NSM 10a05-10a06:NSM
        10a0c-10a0f:NSM 10a10-10a13:R 10a15-10a17:R 10a19-10a35:R 10a38-10a3a:NSM 10a3f:NSM 10a40-10a48:R
        10a50-10a58:R 10a60-10a9f:R 10ac0-10ae4:R 10ae5-10ae6:NSM 10aeb-10af6:R 10b00-10b35:R 10b39-10b3f:ON
        10b40-10b55:R 10b58-10b72:R 10b78-10b91:R 10b99-10b9c:R 10ba9-10baf:R 10c00-10c48:R 10c80-10cb2:R
        10cc0-10cf2:R 10cfa-10cff:R 10d00-10d23:AL 10d24-10d27:NSM 10d30-10d39:AN 10d40-10d49:AN 10d4a-10d65:R
        10d69-10d6d:NSM 10d6e:ON 10d6f-10d85:R 10d8e-10d8f:R 10e60-10e7e:AN 10e80-10ea9:R 10eab-10eac:NSM 10ead:R
        10eb0-10eb1:R 10ec2-10ec4:AL 10efc-10eff:NSM 10f00-10f27:R 10f30-10f45:AL 10f46-10f50:NSM 10f51-10f59:AL
        10f70-10f81:R 10f82-10f85:NSM 10f86-10f89:R 10fb0-10fcb:R 10fe0-10ff6:R 11001:NSM 11038-11046:NSM
        11052-11065:ON 11070:NSM 11073-11074:NSM 1107f-11081:NSM 110b3-110b6:NSM 110b9-110ba:NSM 110c2:NSM
        11100-11102:NSM 11127-1112b:NSM 1112d-11134:NSM 11173:NSM 11180-11181:NSM 111b6-111be:NSM 111c9-111cc:NSM
        111cf:NSM 1122f-11231:NSM 11234:NSM 11236-11237:NSM 1123e:NSM 11241:NSM 112df:NSM 112e3-112ea:NSM
        11300-11301:NSM 1133b-1133c:NSM 11340:NSM 11366-1136c:NSM 11370-11374:NSM 113bb-113c0:NSM 113ce:NSM 113d0:NSM
        113d2:NSM 113e1-113e2:NSM 11438-1143f:NSM 11442-11444:NSM 11446:NSM 1145e:NSM 114b3-114b8:NSM 114ba:NSM
        114bf-114c0:NSM 114c2-114c3:NSM 115b2-115b5:NSM 115bc-115bd:NSM 115bf-115c0:NSM 115dc-115dd:NSM
        11633-1163a:NSM 1163d:NSM 1163f-11640:NSM 11660-1166c:ON 116ab:NSM 116ad:NSM 116b0-116b5:NSM 116b7:NSM
        1171d:NSM 1171f:NSM 11722-11725:NSM 11727-1172b:NSM 1182f-11837:NSM 11839-1183a:NSM 1193b-1193c:NSM 1193e:NSM
        11943:NSM 119d4-119d7:NSM 119da-119db:NSM 119e0:NSM 11a01-11a06:NSM 11a09-11a0a:NSM 11a33-11a38:NSM
        11a3b-11a3e:NSM 11a47:NSM 11a51-11a56:NSM 11a59-11a5b:NSM 11a8a-11a96:NSM 11a98-11a99:NSM 11c30-11c36:NSM
        11c38-11c3d:NSM 11c92-11ca7:NSM 11caa-11cb0:NSM 11cb2-11cb3:NSM 11cb5-11cb6:NSM 11d31-11d36:NSM 11d3a:NSM
        11d3c-11d3d:NSM 11d3f-11d45:NSM 11d47:NSM 11d90-11d91:NSM 11d95:NSM 11d97:NSM 11ef3-11ef4:NSM 11f00-11f01:NSM
        11f36-11f3a:NSM 11f40:NSM 11f42:NSM 11f5a:NSM 11fd5-11fdc:ON 11fdd-11fe0:ET 11fe1-11ff1:ON 13440:NSM
        13447-13455:NSM 1611e-16129:NSM 1612d-1612f:NSM 16af0-16af4:NSM 16b30-16b36:NSM 16f4f:NSM 16f8f-16f92:NSM
        16fe2:ON 16fe4:NSM 1bc9d-1bc9e:NSM 1bca0-1bca3:BN 1cc00-1ccd5:ON 1ccf0-1ccf9:EN 1cd00-1ceb3:ON 1cf00-1cf2d:NSM
        1cf30-1cf46:NSM 1d167-1d169:NSM 1d173-1d17a:BN 1d17b-1d182:NSM 1d185-1d18b:NSM 1d1aa-1d1ad:NSM 1d1e9-1d1ea:ON
        1d200-1d241:ON 1d242-1d244:NSM 1d245:ON 1d300-1d356:ON 1d6c1:ON 1d6db:ON 1d6fb:ON 1d715:ON 1d735:ON 1d74f:ON
        1d76f:ON 1d789:ON 1d7a9:ON 1d7c3:ON 1d7ce-1d7ff:EN 1da00-1da36:NSM 1da3b-1da6c:NSM 1da75:NSM 1da84:NSM
        1da9b-1da9f:NSM 1daa1-1daaf:NSM 1e000-1e006:NSM 1e008-1e018:NSM 1e01b-1e021:NSM 1e023-1e024:NSM
        1e026-1e02a:NSM 1e08f:NSM 1e130-1e136:NSM 1e2ae:NSM 1e2ec-1e2ef:NSM 1e2ff:ET 1e4ec-1e4ef:NSM 1e5ee-1e5ef:NSM
        1e800-1e8c4:R 1e8c7-1e8cf:R 1e8d0-1e8d6:NSM 1e900-1e943:R 1e944-1e94a:NSM 1e94b:R 1e950-1e959:R 1e95e-1e95f:R
        1ec71-1ecb4:AL 1ed01-1ed3d:AL 1ee00-1ee03:AL 1ee05-1ee1f:AL 1ee21-1ee22:AL 1ee24:AL 1ee27:AL 1ee29-1ee32:AL
        1ee34-1ee37:AL 1ee39:AL 1ee3b:AL 1ee42:AL 1ee47:AL 1ee49:AL 1ee4b:AL 1ee4d-1ee4f:AL 1ee51-1ee52:AL 1ee54:AL
        1ee57:AL 1ee59:AL 1ee5b:AL 1ee5d:AL 1ee5f:AL 1ee61-1ee62:AL 1ee64:AL 1ee67-1ee6a:AL 1ee6c-1ee72:AL
        1ee74-1ee77:AL 1ee79-1ee7c:AL 1ee7e:AL 1ee80-1ee89:AL 1ee8b-1ee9b:AL 1eea1-1eea3:AL 1eea5-1eea9:AL
        1eeab-1eebb:AL 1eef0-1eef1:ON 1f000-1f02b:ON 1f030-1f093:ON 1f0a0-1f0ae:ON 1f0b1-1f0bf:ON 1f0c1-1f0cf:ON
        1f0d1-1f0f5:ON 1f100-1f10a:EN 1f10b-1f10f:ON 1f12f:ON 1f16a-1f16f:ON 1f1ad:ON 1f260-1f265:ON 1f300-1f6d7:ON
        1f6dc-1f6ec:ON 1f6f0-1f6fc:ON 1f700-1f776:ON 1f77b-1f7d9:ON 1f7e0-1f7eb:ON 1f7f0:ON 1f800-1f80b:ON
        1f810-1f847:ON 1f850-1f859:ON 1f860-1f887:ON 1f890-1f8ad:ON 1f8b0-1f8bb:ON 1f8c0-1f8c1:ON 1f900-1fa53:ON
        1fa60-1fa6d:ON 1fa70-1fa7c:ON 1fa80-1fa89:ON 1fa8f-1fac6:ON 1face-1fadc:ON 1fadf-1fae9:ON 1faf0-1faf8:ON
        1fb00-1fb92:ON 1fb94-1fbef:ON 1fbf0-1fbf9:EN 1fffe-1ffff:BN 2fffe-2ffff:BN 3fffe-3ffff:BN 4fffe-4ffff:BN
        5fffe-5ffff:BN 6fffe-6ffff:BN 7fffe-7ffff:BN 8fffe-8ffff:BN 9fffe-9ffff:BN afffe-affff:BN bfffe-bffff:BN
        cfffe-cffff:BN dfffe-e00ff:BN e0100-e01ef:NSM e01f0-e0fff:BN efffe-effff:BN ffffe-fffff:BN 10fffe-10ffff:BN
        """

    static let joiningType = """
        ad:T 300-36f:T 483-489:T 591-5bd:T 5bf:T 5c1-5c2:T 5c4-5c5:T 5c7:T 610-61a:T 61c:T 620:D 622-625:R 626:D 627:R
        628:D 629:R 62a-62e:D 62f-632:R 633-63f:D 641-647:D 648:R 649-64a:D 64b-65f:T 66e-66f:D 670:T 671-673:R
        675-677:R 678-687:D 688-699:R 69a-6bf:D 6c0:R 6c1-6c2:D 6c3-6cb:R 6cc:D 6cd:R 6ce:D 6cf:R 6d0-6d1:D 6d2-6d3:R
        6d5:R 6d6-6dc:T 6df-6e4:T 6e7-6e8:T 6ea-6ed:T 6ee-6ef:R 6fa-6fc:D 6ff:D 70f:T 710:R 711:T 712-714:D 715-719:R
        71a-71d:D 71e:R 71f-727:D 728:R 729:D 72a:R 72b:D 72c:R 72d-72e:D 72f:R 730-74a:T 74d:R 74e-758:D 759-75b:R
        75c-76a:D 76b-76c:R 76d-770:D 771:R 772:D 773-774:R 775-777:D 778-779:R 77a-77f:D 7a6-7b0:T 7ca-7ea:D
        7eb-7f3:T 7fd:T 816-819:T 81b-823:T 825-827:T 829-82d:T 840:R 841-845:D 846-847:R 848:D 849:R 84a-853:D 854:R
        855:D 856-858:R 859-85b:T 860:D 862-865:D 867:R 868:D 869-86a:R 870-882:R 886:D 889-88d:D 88e:R 897-89f:T
        8a0-8a9:D 8aa-8ac:R 8ae:R 8af-8b0:D 8b1-8b2:R 8b3-8b8:D 8b9:R 8ba-8c8:D 8ca-8e1:T 8e3-902:T 93a:T 93c:T
        941-948:T 94d:T 951-957:T 962-963:T 981:T 9bc:T 9c1-9c4:T 9cd:T 9e2-9e3:T 9fe:T a01-a02:T a3c:T a41-a42:T
        a47-a48:T a4b-a4d:T a51:T a70-a71:T a75:T a81-a82:T abc:T ac1-ac5:T ac7-ac8:T acd:T ae2-ae3:T afa-aff:T b01:T
        b3c:T b3f:T b41-b44:T b4d:T b55-b56:T b62-b63:T b82:T bc0:T bcd:T c00:T c04:T c3c:T c3e-c40:T c46-c48:T
        c4a-c4d:T c55-c56:T c62-c63:T c81:T cbc:T cbf:T cc6:T ccc-ccd:T ce2-ce3:T d00-d01:T d3b-d3c:T d41-d44:T d4d:T
        d62-d63:T d81:T dca:T dd2-dd4:T dd6:T e31:T e34-e3a:T e47-e4e:T eb1:T eb4-ebc:T ec8-ece:T f18-f19:T f35:T
        f37:T f39:T f71-f7e:T f80-f84:T f86-f87:T f8d-f97:T f99-fbc:T fc6:T 102d-1030:T 1032-1037:T 1039-103a:T
        103d-103e:T 1058-1059:T 105e-1060:T 1071-1074:T 1082:T 1085-1086:T 108d:T 109d:T 135d-135f:T 1712-1714:T
        1732-1733:T 1752-1753:T 1772-1773:T 17b4-17b5:T 17b7-17bd:T 17c6:T 17c9-17d3:T 17dd:T 1807:D 180b-180d:T
        180f:T 1820-1878:D 1885-1886:T 1887-18a8:D 18a9:T 18aa:D 1920-1922:T 1927-1928:T 1932:T 1939-193b:T
        1a17-1a18:T 1a1b:T 1a56:T 1a58-1a5e:T 1a60:T 1a62:T 1a65-1a6c:T 1a73-1a7c:T 1a7f:T 1ab0-1ace:T 1b00-1b03:T
        1b34:T 1b36-1b3a:T 1b3c:T 1b42:T 1b6b-1b73:T 1b80-1b81:T 1ba2-1ba5:T 1ba8-1ba9:T 1bab-1bad:T 1be6:T
        1be8-1be9:T 1bed:T 1bef-1bf1:T 1c2c-1c33:T 1c36-1c37:T 1cd0-1cd2:T 1cd4-1ce0:T 1ce2-1ce8:T 1ced:T 1cf4:T
        1cf8-1cf9:T 1dc0-1dff:T 200b:T 200e-200f:T 202a-202e:T 2060-2064:T 206a-206f:T 20d0-20f0:T 2cef-2cf1:T 2d7f:T
        2de0-2dff:T 302a-302d:T 3099-309a:T a66f-a672:T a674-a67d:T a69e-a69f:T a6f0-a6f1:T a802:T a806:T a80b:T
        a825-a826:T a82c:T a840-a871:D a872:L a8c4-a8c5:T a8e0-a8f1:T a8ff:T a926-a92d:T a947-a951:T a980-a982:T
        a9b3:T a9b6-a9b9:T a9bc-a9bd:T a9e5:T aa29-aa2e:T aa31-aa32:T aa35-aa36:T aa43:T aa4c:T aa7c:T aab0:T
        aab2-aab4:T aab7-aab8:T aabe-aabf:T aac1:T aaec-aaed:T aaf6:T abe5:T abe8:T abed:T fb1e:T fe00-fe0f:T
        fe20-fe2f:T feff:T fff9-fffb:T 101fd:T 102e0:T 10376-1037a:T 10a01-10a03:T 10a05-10a06:T 10a0c-10a0f:T
        10a38-10a3a:T 10a3f:T 10ac0-10ac4:D 10ac5:R 10ac7:R 10ac9-10aca:R 10acd:L 10ace-10ad2:R 10ad3-10ad6:D 10ad7:L
        10ad8-10adc:D 10add:R 10ade-10ae0:D 10ae1:R 10ae4:R 10ae5-10ae6:T 10aeb-10aee:D 10aef:R 10b80:D 10b81:R
        10b82:D 10b83-10b85:R 10b86-10b88:D 10b89:R 10b8a-10b8b:D 10b8c:R 10b8d:D 10b8e-10b8f:R 10b90:D 10b91:R
        10ba9-10bac:R 10bad-10bae:D 10d00:L 10d01-10d21:D 10d22:R 10d23:D 10d24-10d27:T 10d69-10d6d:T 10eab-10eac:T
        10ec2:R 10ec3-10ec4:D 10efc-10eff:T 10f30-10f32:D 10f33:R 10f34-10f44:D 10f46-10f50:T 10f51-10f53:D 10f54:R
        10f70-10f73:D 10f74-10f75:R 10f76-10f81:D 10f82-10f85:T 10fb0:D 10fb2-10fb3:D 10fb4-10fb6:R 10fb8:D
        10fb9-10fba:R 10fbb-10fbc:D 10fbd:R 10fbe-10fbf:D 10fc1:D 10fc2-10fc3:R 10fc4:D 10fc9:R 10fca:D 10fcb:L
        11001:T 11038-11046:T 11070:T 11073-11074:T 1107f-11081:T 110b3-110b6:T 110b9-110ba:T 110c2:T 11100-11102:T
        11127-1112b:T 1112d-11134:T 11173:T 11180-11181:T 111b6-111be:T 111c9-111cc:T 111cf:T 1122f-11231:T 11234:T
        11236-11237:T 1123e:T 11241:T 112df:T 112e3-112ea:T 11300-11301:T 1133b-1133c:T 11340:T 11366-1136c:T
        11370-11374:T 113bb-113c0:T 113ce:T 113d0:T 113d2:T 113e1-113e2:T 11438-1143f:T 11442-11444:T 11446:T 1145e:T
        114b3-114b8:T 114ba:T 114bf-114c0:T 114c2-114c3:T 115b2-115b5:T 115bc-115bd:T 115bf-115c0:T 115dc-115dd:T
        11633-1163a:T 1163d:T 1163f-11640:T 116ab:T 116ad:T 116b0-116b5:T 116b7:T 1171d:T 1171f:T 11722-11725:T
        11727-1172b:T 1182f-11837:T 11839-1183a:T 1193b-1193c:T 1193e:T 11943:T 119d4-119d7:T 119da-119db:T 119e0:T
        11a01-11a0a:T 11a33-11a38:T 11a3b-11a3e:T 11a47:T 11a51-11a56:T 11a59-11a5b:T 11a8a-11a96:T 11a98-11a99:T
        11c30-11c36:T 11c38-11c3d:T 11c3f:T 11c92-11ca7:T 11caa-11cb0:T 11cb2-11cb3:T 11cb5-11cb6:T 11d31-11d36:T
        11d3a:T 11d3c-11d3d:T 11d3f-11d45:T 11d47:T 11d90-11d91:T 11d95:T 11d97:T 11ef3-11ef4:T 11f00-11f01:T
        11f36-11f3a:T 11f40:T 11f42:T 11f5a:T 13430-13440:T 13447-13455:T 1611e-16129:T 1612d-1612f:T 16af0-16af4:T
        16b30-16b36:T 16f4f:T 16f8f-16f92:T 16fe4:T 1bc9d-1bc9e:T 1bca0-1bca3:T 1cf00-1cf2d:T 1cf30-1cf46:T
        1d167-1d169:T 1d173-1d182:T 1d185-1d18b:T 1d1aa-1d1ad:T 1d242-1d244:T 1da00-1da36:T 1da3b-1da6c:T 1da75:T
        1da84:T 1da9b-1da9f:T 1daa1-1daaf:T 1e000-1e006:T 1e008-1e018:T 1e01b-1e021:T 1e023-1e024:T 1e026-1e02a:T
        1e08f:T 1e130-1e136:T 1e2ae:T 1e2ec-1e2ef:T 1e4ec-1e4ef:T 1e5ee-1e5ef:T 1e8d0-1e8d6:T 1e900-1e943:D
        1e944-1e94b:T e0001:T e0020-e007f:T e0100-e01ef:T
        """

    static let script = """
        370-373:G 375-377:G 37a-37d:G 37f:G 384:G 386:G 388-38a:G 38c:G 38e-3a1:G 3a3-3e1:G 3f0-3ff:G 591-5c7:H
        5d0-5ea:H 5ef-5f4:H 1d26-1d2a:G 1d5d-1d61:G 1d66-1d6a:G 1dbf:G 1f00-1f15:G 1f18-1f1d:G 1f20-1f45:G 1f48-1f4d:G
        1f50-1f57:G 1f59:G 1f5b:G 1f5d:G 1f5f-1f7d:G 1f80-1fb4:G 1fb6-1fc4:G 1fc6-1fd3:G 1fd6-1fdb:G 1fdd-1fef:G
        1ff2-1ff4:G 1ff6-1ffe:G 2126:G 2e80-2e99:C 2e9b-2ef3:C 2f00-2fd5:C 3005:C 3007:C 3021-3029:C 3038-303b:C
        3041-3096:I 309d-309f:I 30a1-30fa:K 30fd-30ff:K 31f0-31ff:K 32d0-32fe:K 3300-3357:K 3400-4dbf:C 4e00-9fff:C
        ab65:G f900-fa6d:C fa70-fad9:C fb1d-fb36:H fb38-fb3c:H fb3e:H fb40-fb41:H fb43-fb44:H fb46-fb4f:H ff66-ff6f:K
        ff71-ff9d:K 10140-1018e:G 101a0:G 16fe2-16fe3:C 16ff0-16ff1:C 1aff0-1aff3:K 1aff5-1affb:K 1affd-1affe:K
        1b000:K 1b001-1b11f:I 1b120-1b122:K 1b132:I 1b150-1b152:I 1b155:K 1b164-1b167:K 1d200-1d245:G 1f200:I
        20000-2a6df:C 2a700-2b739:C 2b740-2b81d:C 2b820-2cea1:C 2ceb0-2ebe0:C 2ebf0-2ee5d:C 2f800-2fa1d:C
        30000-3134a:C 31350-323af:C
        """

}
