#!/usr/bin/env pwsh
# LogForge build entry point on Windows (and anywhere with PowerShell): ./build.ps1 <Target> [--param value]
# Same behaviour as build.sh: find dotnet (or install the SDK from global.json into .nuke/temp),
# compile build/ only when its inputs changed, then run the compiled build with the arguments unchanged.
$ErrorActionPreference = 'Stop'
$Root = $PSScriptRoot
$Temp = Join-Path $Root '.nuke/temp'
$Out = Join-Path $Temp 'build'
$Stamp = Join-Path $Out '.inputs-hash'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Find-Dotnet {
    if ($env:DOTNET_ROOT -and (Test-Path (Join-Path $env:DOTNET_ROOT 'dotnet*'))) {
        return (Get-ChildItem (Join-Path $env:DOTNET_ROOT 'dotnet*') | Where-Object { $_.BaseName -eq 'dotnet' } | Select-Object -First 1).FullName
    }
    $onPath = Get-Command dotnet -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    $local = Get-ChildItem (Join-Path $Temp 'dotnet-sdk') -Filter 'dotnet*' -ErrorAction SilentlyContinue | Where-Object { $_.BaseName -eq 'dotnet' } | Select-Object -First 1
    if ($local) { return $local.FullName }
    return Install-Dotnet
}

function Install-Dotnet {
    $version = (Get-Content (Join-Path $Root 'global.json') -Raw | ConvertFrom-Json).sdk.version
    $channel = ($version -split '\.')[0..1] -join '.'
    New-Item -ItemType Directory -Force -Path $Temp | Out-Null
    $script = Join-Path $Temp 'dotnet-install.ps1'
    Write-Host "dotnet not found; installing the .NET SDK $channel (global.json) into .nuke/temp/dotnet-sdk"
    try {
        Invoke-WebRequest -Uri 'https://dot.net/v1/dotnet-install.ps1' -OutFile $script -TimeoutSec 30
        & $script -Channel $channel -InstallDir (Join-Path $Temp 'dotnet-sdk') -NoPath
    } catch {
        [Console]::Error.WriteLine("✗ build.ps1: the .NET SDK is not installed and could not be downloaded — install it with: winget install Microsoft.DotNet.SDK.$($channel.Split('.')[0]) (or see https://dot.net/download), then re-run.")
        exit 1
    }
    return (Get-ChildItem (Join-Path $Temp 'dotnet-sdk') -Filter 'dotnet*' | Where-Object { $_.BaseName -eq 'dotnet' } | Select-Object -First 1).FullName
}

# The same bytes build.sh hashes (so both scripts agree on the stamp): sources sorted by ordinal path,
# the props, and the list of installed SDKs.
function Get-InputsHash([string]$SdkDir) {
    $paths = [System.Collections.Generic.List[string]]::new()
    foreach ($folder in 'build', 'src/LogForge.Delivery') {
        Get-ChildItem (Join-Path $Root $folder) -Recurse -File -Include '*.cs', '*.csproj', '*.json' |
            ForEach-Object { $_.FullName.Substring($Root.Length + 1).Replace('\', '/') } |
            Where-Object { $_ -notmatch '/(bin|obj)/' } | ForEach-Object { $paths.Add($_) }
    }
    $sorted = $paths.ToArray(); [Array]::Sort($sorted, [StringComparer]::Ordinal)
    $stream = [IO.MemoryStream]::new()
    foreach ($path in $sorted + @('global.json', 'Directory.Build.props', 'Directory.Packages.props')) {
        $bytes = [IO.File]::ReadAllBytes((Join-Path $Root $path)); $stream.Write($bytes, 0, $bytes.Length)
    }
    if (Test-Path $SdkDir) {
        $names = (Get-ChildItem $SdkDir | ForEach-Object Name); $names = [string[]]$names; [Array]::Sort($names, [StringComparer]::Ordinal)
        $bytes = [Text.Encoding]::UTF8.GetBytes((($names | ForEach-Object { "$_`n" }) -join '')); $stream.Write($bytes, 0, $bytes.Length)
    }
    $hash = [Security.Cryptography.SHA256]::HashData($stream.ToArray())
    return ([Convert]::ToHexString($hash)).Substring(0, 16).ToLowerInvariant()
}

$Dotnet = Find-Dotnet
$SdkDir = Join-Path (Split-Path (Get-Item $Dotnet).ResolvedTarget -ErrorAction SilentlyContinue) 'sdk'
if (-not $SdkDir -or -not (Test-Path $SdkDir)) { $SdkDir = Join-Path (Split-Path $Dotnet) 'sdk' }
$Hash = Get-InputsHash $SdkDir
$Dll = Join-Path $Out '_build.dll'
if (-not (Test-Path $Dll) -or -not (Test-Path $Stamp) -or (Get-Content $Stamp -Raw).Trim() -ne $Hash) {
    [Console]::Error.WriteLine('Compiling the build project (build/ or its inputs changed)…')
    New-Item -ItemType Directory -Force -Path $Out | Out-Null
    Remove-Item $Stamp -ErrorAction SilentlyContinue
    $log = Join-Path $Temp 'build-compile.log'
    # Own artifacts path (never build/obj, which `dotnet build LogForge.sln` uses); ReadyToRun when a runtime pack is served.
    $common = @('--configuration', 'Release', '--output', $Out, '--artifacts-path', (Join-Path $Temp 'artifacts'), '--nologo', '-v:quiet')
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    & $Dotnet publish (Join-Path $Root 'build/_build.csproj') @common --runtime $rid --self-contained false -p:PublishReadyToRun=true *> $log
    if ($LASTEXITCODE -ne 0) {
        & $Dotnet build (Join-Path $Root 'build/_build.csproj') @common *>> $log
        if ($LASTEXITCODE -ne 0) {
            Get-Content $log | Select-String -Pattern 'error' | ForEach-Object Line | Sort-Object -Unique | ForEach-Object { [Console]::Error.WriteLine($_) }
            [Console]::Error.WriteLine('✗ build.ps1: the build project does not compile — fix the errors above (full log: .nuke/temp/build-compile.log), then re-run.')
            exit 1
        }
        [Console]::Error.WriteLine('(ReadyToRun publish failed, see .nuke/temp/build-compile.log; compiled without it)')
    }
    Set-Content -Path $Stamp -Value $Hash -NoNewline
}
& $Dotnet $Dll @args
exit $LASTEXITCODE
