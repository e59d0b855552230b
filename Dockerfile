# Registration API container image.
#
#   docker build -t registration-api .
#   docker run --rm -e ConnectionStrings__Registration="Host=db;Database=registration;Username=...;Password=..." \
#       registration-api migrate                     # apply the database migrations, then exit
#   docker run -d -p 8080:8080 -e ConnectionStrings__Registration="..." registration-api
#
# The image holds no secrets, connection strings or Development settings: configure it with
# environment variables (ConnectionStrings__Registration, Auth__..., etc.) at run time.
# Migrations never run implicitly in Production: run the `migrate` command (above) before
# starting a new version. Any argument after the image name is an API command (see ENTRYPOINT).

# ---- build ---------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project and package files only, so the package layer is reused
# until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Registration.Api/Registration.Api.csproj src/Registration.Api/
RUN dotnet restore src/Registration.Api/Registration.Api.csproj -r linux-x64 -p:PublishReadyToRun=true

# Then the sources. This includes the top-level migrations/ folder, which Registration.Api.csproj
# compiles into the API assembly (<Compile Include="..\..\migrations\**\*.cs" />).
# .dockerignore keeps bin/obj, tests, .local and appsettings.Development.json out of the context.
COPY . .
# ReadyToRun: the assemblies (the API's and its packages') are precompiled for linux-x64, so a new instance serves
# with optimised code from its first request instead of the JIT's quick first tier, which under load on two cores was
# still being replaced after the first minute (about twice the CPU per request meanwhile; docs/performance.md). Hot
# methods are still recompiled with the run's profile later (tiered compilation stays on).
RUN dotnet publish src/Registration.Api -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
        -o /app --no-restore -p:UseAppHost=false \
 && rm -f /app/appsettings.Development.json

# ---- runtime -------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# ffprobe measures video statements; the uploaded files live in /var/lib/registration/files (mount a volume there).
# Scanned notes verbales are read by OCR: pdftoppm renders their pages, tesseract reads them in the six official
# languages of the United Nations (English, French, Spanish, Russian, Arabic, Chinese).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg poppler-utils tesseract-ocr \
      tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-rus tesseract-ocr-ara tesseract-ocr-chi-sim \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/registration/files \
 && chown "$APP_UID" /var/lib/registration/files

WORKDIR /app
COPY --from=build /app .

ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Files__Root=/var/lib/registration/files
EXPOSE 8080

# The .NET 8+ base images define the non-root user "app" and its uid in APP_UID.
USER $APP_UID

# The aspnet image has no curl: the API's own `healthcheck` command probes /health/live.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "Registration.Api.dll", "healthcheck"]

# `docker run image` serves HTTP; `docker run image migrate` runs the migrate command.
ENTRYPOINT ["dotnet", "Registration.Api.dll"]
