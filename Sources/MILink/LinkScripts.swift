import Templates

/// Pure renderers of the link's T-SQL scripts, one per setup state. Every name and value goes
/// through ``SQLIdentifier`` or ``SQLString`` (``SQLText`` accepts nothing else), and every
/// change is guarded so a script can run again without harm.
struct LinkScripts {
    let parameters: LinkParameters

    init(_ parameters: LinkParameters) {
        self.parameters = parameters
    }

    var certificate: SQLIdentifier { SQLIdentifier(parameters.certificateName) }
    var certificateName: SQLString { SQLString(parameters.certificateName) }
    var ag: SQLIdentifier { SQLIdentifier(parameters.availabilityGroup) }
    var agName: SQLString { SQLString(parameters.availabilityGroup) }
    var dag: SQLIdentifier { SQLIdentifier(parameters.distributedAvailabilityGroup) }
    var dagName: SQLString { SQLString(parameters.distributedAvailabilityGroup) }
    var serverName: SQLString { SQLString(parameters.sqlServerName) }
    var instanceName: SQLString { SQLString(parameters.instanceName) }
    var fqdnName: SQLString { SQLString(parameters.instance.fqdn) }
    var endpointURL: SQLString { SQLString(parameters.partnerEndpoint) }

    /// The product's major version (`ProductVersion`'s first part).
    var majorVersion: Int {
        switch parameters.version {
        case .v2016: 13
        case .v2019: 15
        case .v2022: 16
        }
    }

    func header(_ state: String, _ title: String) -> SQLText {
        SQLText(trusted: "-- pe-net link plan, \(state): \(title)\n-- Run on SQL Server as sysadmin.")
    }

    /// S0: read-only checks of what the link needs on SQL Server.
    func prerequisites() -> SQLText {
        let databases = SQLText.lines(parameters.databases.map { "        \(SQLString($0))," })
        let list = SQLText(trusted: String(databases.text.dropLast()))
        return """
            \(header("S0", "prerequisites (read-only)"))
            -- Expect 1 in every *_ok column; trace flags 1800 and 9567 on (DBCC TRACESTATUS).
            SELECT
                @@SERVERNAME AS server_name,
                CASE WHEN @@SERVERNAME = \(serverName) THEN 1 ELSE 0 END AS server_name_ok,
                SERVERPROPERTY('ProductVersion') AS product_version,
                SERVERPROPERTY('ProductUpdateLevel') AS product_update_level,
                SERVERPROPERTY('Edition') AS edition,
                CASE
                    WHEN PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)), 4) = '\(majorVersion)' THEN 1
                    ELSE 0
                END AS version_ok,
                CASE WHEN SERVERPROPERTY('IsHadrEnabled') = 1 THEN 1 ELSE 0 END AS hadr_ok
            GO

            DBCC TRACESTATUS (1800, 9567)
            GO

            SELECT
                d.name,
                d.recovery_model_desc,
                d.collation_name,
                d.state_desc,
                CASE WHEN d.recovery_model_desc = 'FULL' THEN 1 ELSE 0 END AS full_recovery_ok
            FROM sys.databases AS d
            WHERE d.name IN (
            \(list)
            )
            GO

            SELECT k.symmetric_key_id
            FROM sys.symmetric_keys AS k
            WHERE k.symmetric_key_id = 101
            GO

            SELECT
                ag.name,
                ag.is_distributed
            FROM sys.availability_groups AS ag
            WHERE ag.name IN (\(agName), \(dagName))
            GO
            """
    }

    /// S1: FULL recovery and a full backup (not COPY_ONLY) that starts the log chain.
    func database() -> SQLText {
        let blocks = parameters.databases.map { name -> SQLText in
            let database = SQLIdentifier(name)
            let value = SQLString(name)
            let file = SQLString(Self.backupFileName(name))
            return """
                IF (SELECT d.recovery_model_desc FROM sys.databases AS d WHERE d.name = \(value)) <> 'FULL'
                    ALTER DATABASE \(database) SET RECOVERY FULL
                GO

                IF NOT EXISTS (
                    SELECT 1
                    FROM sys.database_recovery_status AS s
                    WHERE s.database_id = DB_ID(\(value)) AND s.last_log_backup_lsn IS NOT NULL
                )
                    BACKUP DATABASE \(database) TO DISK = \(file)
                GO
                """
        }
        return """
            \(header("S1", "full recovery and a full backup"))
            -- A full backup without COPY_ONLY starts the log chain (error 1475 otherwise). It goes to the
            -- default backup directory; schedule log backups afterwards, or replication stops when the log is full.
            USE [master]
            GO

            \(SQLText.lines(blocks))
            """
    }

    /// The backup file: the database name with anything but letters, digits, `-` and `_` replaced.
    static func backupFileName(_ database: String) -> String {
        let safe = database.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" }
        return "pe-net-link-" + String(safe) + ".bak"
    }

    /// S2: the master key, created only when missing; refuses to run with an empty password.
    func masterKey() -> SQLText {
        """
        \(header("S2", "master key"))
        -- Set @password to a strong password and keep it in a safe place; the script refuses an empty one.
        USE [master]
        GO

        DECLARE @password NVARCHAR(128) = N''
        IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE symmetric_key_id = 101)
        BEGIN
            IF @password = N''
                RAISERROR (N'Set @password in 02-master-key.sql first.', 16, 1)
            ELSE
            BEGIN
                DECLARE @create NVARCHAR(MAX) = N'CREATE MASTER KEY ENCRYPTION BY PASSWORD = '
                    + QUOTENAME(@password, N'''')
                EXEC sp_executesql @create
            END
        END
        ELSE
            PRINT N'Master key already exists.'
        GO
        """
    }

    /// S3: SQL Server's certificate for the endpoint; prints the public key S4 uploads.
    func sqlCertificate() -> SQLText {
        let subject = SQLString("Certificate for " + parameters.certificateName)
        let expiry = SQLString(parameters.certificateExpiry.compact)
        return """
            \(header("S3", "SQL Server certificate"))
            -- Rotate the certificate before its expiry date, or the link stops.
            USE [master]
            GO

            IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = \(certificateName))
                CREATE CERTIFICATE \(certificate)
                    WITH SUBJECT = \(subject),
                    EXPIRY_DATE = \(expiry)
            GO

            -- PublicKeyEncoded goes into publicBlob of arm/04-put-server-trust-certificate.json.
            SELECT
                c.name,
                c.expiry_date,
                c.pvt_key_encryption_type,
                CERTENCODED(c.certificate_id) AS PublicKeyEncoded
            FROM sys.certificates AS c
            WHERE c.name = \(certificateName)
            GO
            """
    }

    /// S5: the instance's certificate, named exactly by its FQDN (error 41974 otherwise).
    func instanceCertificate(_ blob: PublicBlob?) -> SQLText {
        let fqdn = SQLIdentifier(parameters.instance.fqdn)
        let create: SQLText
        if let blob {
            create = """
                IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = \(fqdnName))
                    CREATE CERTIFICATE \(fqdn) FROM BINARY = \(blob)
                GO
                """
        } else {
            create = """
                -- Paste properties.publicBlob of GET endpointCertificates/DATABASE_MIRRORING (S5), 0x included.
                DECLARE @public_blob NVARCHAR(MAX) = N''
                IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = \(fqdnName))
                BEGIN
                    IF
                        @public_blob NOT LIKE N'0x%'
                        OR LEN(@public_blob) % 2 = 1
                        OR SUBSTRING(@public_blob, 3, LEN(@public_blob)) LIKE N'%[^0-9A-Fa-f]%'
                        RAISERROR (N'Set @public_blob in 05-instance-certificate.sql to 0x followed by hex first.', 16, 1)
                    ELSE
                    BEGIN
                        DECLARE @create NVARCHAR(MAX) = N'CREATE CERTIFICATE ' + QUOTENAME(\(fqdnName))
                            + N' FROM BINARY = ' + @public_blob
                        EXEC sp_executesql @create
                    END
                END
                ELSE
                    PRINT N'The instance certificate already exists.'
                GO
                """
        }
        return """
            \(header("S5", "the instance's certificate, named by the instance FQDN"))
            USE [master]
            GO

            \(create)

            SELECT
                c.name,
                c.expiry_date
            FROM sys.certificates AS c
            WHERE c.name = \(fqdnName)
            GO
            """
    }

    /// S6: the root CAs Azure's certificates chain to, trusted for the instance's domain.
    func rootCertificates() throws(MILinkError) -> SQLText {
        let issuer = SQLString("*." + parameters.instance.suffix.rawValue)
        var blocks: [SQLText] = []
        for root in try RootCertificate.all() {
            let name = SQLString(root.name)
            let variable = SQLText(trusted: "@certificate_id_" + root.name.lowercased())
            blocks.append(
                """
                IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = \(name))
                BEGIN
                    CREATE CERTIFICATE \(SQLIdentifier(root.name)) FROM BINARY = \(root.blob)
                    DECLARE \(variable) INT = CERT_ID(\(name))
                    EXEC sp_certificate_add_issuer \(variable), \(issuer)
                END
                GO
                """)
        }
        return """
            \(header("S6", "Azure root certificate authorities"))
            USE [master]
            GO

            \(SQLText.lines(blocks))
            """
    }

    /// S7: the database mirroring endpoint on 5022, certificate authentication, AES.
    func endpoint() -> SQLText {
        let change: SQLText
        switch parameters.endpointMode {
        case .create:
            change = """
                IF NOT EXISTS (SELECT 1 FROM sys.database_mirroring_endpoints)
                    CREATE ENDPOINT [database_mirroring_endpoint]
                        STATE = STARTED
                        AS TCP (LISTENER_PORT = 5022, LISTENER_IP = ALL)
                        FOR DATABASE_MIRRORING (
                            ROLE = ALL,
                            AUTHENTICATION = CERTIFICATE \(certificate),
                            ENCRYPTION = REQUIRED ALGORITHM AES
                        )
                ELSE
                    PRINT N'A database mirroring endpoint exists; plan with --endpoint alter to add the certificate.'
                GO
                """
        case .alter:
            let options = SQLString(
                " STATE = STARTED AS TCP (LISTENER_PORT = 5022, LISTENER_IP = ALL) FOR DATABASE_MIRRORING ("
                    + "ROLE = ALL, AUTHENTICATION = WINDOWS NEGOTIATE CERTIFICATE "
                    + SQLIdentifier(parameters.certificateName).description + ", ENCRYPTION = REQUIRED ALGORITHM AES)")
            change = """
                -- Keeps Windows authentication for existing availability groups and adds the certificate.
                DECLARE @endpoint SYSNAME = (SELECT e.name FROM sys.database_mirroring_endpoints AS e)
                IF @endpoint IS NULL
                    RAISERROR (N'No database mirroring endpoint exists; plan with --endpoint create.', 16, 1)
                ELSE
                BEGIN
                    DECLARE @alter NVARCHAR(MAX) = N'ALTER ENDPOINT ' + QUOTENAME(@endpoint) + \(options)
                    EXEC sp_executesql @alter
                END
                GO
                """
        }
        return """
            \(header("S7", "database mirroring endpoint"))
            USE [master]
            GO

            \(change)

            \(Self.endpointQuery)
            """
    }

    /// The endpoint as the link needs it: port 5022, STARTED, CERTIFICATE in the authentication, AES.
    static let endpointQuery: SQLText = """
        SELECT
            e.name,
            e.state_desc,
            e.role_desc,
            e.connection_auth_desc,
            e.is_encryption_enabled,
            e.encryption_algorithm_desc,
            t.port,
            CASE
                WHEN
                    t.port = 5022
                    AND e.state_desc = 'STARTED'
                    AND e.connection_auth_desc LIKE '%CERTIFICATE%'
                    AND e.encryption_algorithm_desc LIKE '%AES%'
                    THEN 1
                ELSE 0
            END AS endpoint_ok
        FROM sys.database_mirroring_endpoints AS e
        INNER JOIN sys.tcp_endpoints AS t ON e.endpoint_id = t.endpoint_id
        GO
        """
}
