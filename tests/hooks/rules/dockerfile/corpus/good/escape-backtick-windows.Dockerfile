# escape=`
# expect: none
FROM mcr.microsoft.com/windows/servercore:ltsc2022@sha256:35e2e6e4287c3cdc5837b59f0fcfd5207cf232b6d6fe68fef01ed5fa18c42f3c
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest -Uri https://example.org/x.zip -OutFile C:\x.zip; `
    Expand-Archive C:\x.zip -DestinationPath C:\x
WORKDIR C:\task
